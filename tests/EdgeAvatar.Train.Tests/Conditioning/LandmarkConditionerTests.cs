using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Conditioning;
using EdgeAvatar.Train.Conditioning;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.Conditioning;

/// <summary>
/// The whole condition path, landmarks → grid → network → FiLM vector, differentiated end to end:
/// <see cref="LandmarkConditionerBackward"/> against central differences of the float32 forward with a float64
/// loss. The FiLM vector is piecewise linear in the table and the parameters, so the step (1e-2) adds no truncation
/// error; what remains is float32 rounding of the forward, ≈ 1e-7 · Σ|terms| / 2h ≈ 1e-4 relative, hence 2e-3.
/// </summary>
public class LandmarkConditionerTests
{
    [Fact]
    public void Table_and_network_gradients_match_central_differences_through_a_two_frame_window()
    {
        var grid = new GridEncodingConfig
        {
            Storage = GridStorage.Hashed, Dimensions = 2, Levels = 3, FeaturesPerLevel = 2,
            Log2TableSize = 4, BaseResolution = 2, FinestResolution = 8,
        };
        var encoding = new LandmarkGridEncoding(grid, landmarkCount: 3);
        var network = new ConditionNetwork(new ConditionNetworkConfig
        {
            InputWidth = 2 * encoding.OutputWidth, HiddenWidth = 5, HiddenLayers = 1, FilmLayers = 2, FilmWidth = 3,
        });
        var conditioner = new LandmarkConditioner(encoding, network);
        Assert.Equal(2, conditioner.WindowFrames);

        float[] table = GradientCheck.RandomVector((int)encoding.Layout.TableFloats, 41);
        float[] parameters = GradientCheck.RandomVector(network.ParameterCount, 42, 0.5f);
        float[] positions = GradientCheck.RandomVector(conditioner.PositionFloats, 43).Select(v => 0.5f + 0.49f * v).ToArray();
        float[] filmGrad = GradientCheck.RandomVector(network.Config.OutputWidth, 44);

        var film = new float[network.Config.OutputWidth];
        var encoded = new float[network.Config.InputWidth];
        var hidden = new float[network.HiddenFloats];
        conditioner.Forward(table, parameters, positions, film, encoded, hidden);
        var tableGrad = new float[table.Length];
        var parameterGrad = new float[parameters.Length];
        LandmarkConditionerBackward.Backward(conditioner, table, parameters, positions, encoded, hidden, filmGrad, tableGrad, parameterGrad);

        var y = new float[film.Length];
        double Loss()
        {
            conditioner.Forward(table, parameters, positions, y, [], []);
            return GradientCheck.Dot(filmGrad, y);
        }
        int[] tableIndices = Enumerable.Range(0, table.Length).ToArray();
        double[] fdTable = GradientCheck.Central(table, tableIndices, 1e-2f, Loss);
        double worstTable = GradientCheck.WorstRelativeError(tableGrad, tableIndices, fdTable);
        Assert.True(fdTable.Count(v => v != 0) > table.Length / 4, "too few table entries reached to mean anything");
        Assert.True(worstTable < 2e-3, $"table: worst relative error {worstTable:G3}.");

        int[] paramIndices = Enumerable.Range(0, parameters.Length).ToArray();
        double[] fdParams = GradientCheck.Central(parameters, paramIndices, 1e-2f, Loss);
        double worstParams = GradientCheck.WorstRelativeError(parameterGrad, paramIndices, fdParams);
        Assert.True(worstParams < 2e-3, $"network parameters: worst relative error {worstParams:G3}.");
    }
}
