using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Conditioning;
using EdgeAvatar.Train.Conditioning;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.Conditioning;

/// <summary><see cref="LandmarkGridEncoding"/>'s layout by hand, and <see cref="LandmarkGridEncodingBackward"/> by finite differences.</summary>
public class LandmarkGridEncodingTests
{
    /// <summary>
    /// One tiled level, scale 2·1 − 1 = 1, so a point maps to p = x + 0.5 on a 3 × 3 vertex grid with entry
    /// g0 + 3·g1; table[e][f] = e + 100·f. Frame 0: (0.25, 0.5) → p = (0.75, 1), weights 0.25 on entry 3 and 0.75 on
    /// entry 4 → 3.75; (1, 0) → p = (1.5, 0.5), a quarter each on entries 1, 2, 4, 5 → 3. Frame 1: (0, 0) → entries
    /// 0, 1, 3, 4 → 2; (0.5, 1) → p = (1, 1.5), halves on entries 4 and 7 → 5.5. Output per frame: landmark-major,
    /// then feature.
    /// </summary>
    [Fact]
    public void Frames_concatenate_their_landmarks_features_worked_by_hand()
    {
        var grid = new GridEncodingConfig
        {
            Storage = GridStorage.Tiled, Dimensions = 2, Levels = 1, FeaturesPerLevel = 2,
            Log2TableSize = 4, BaseResolution = 2, FinestResolution = 2,
        };
        var encoding = new LandmarkGridEncoding(grid, landmarkCount: 2);
        Assert.Equal(32, encoding.Layout.TableFloats); // 9 entries rounded up to 16, 2 features
        var table = new float[32];
        for (int e = 0; e < 16; e++)
        {
            table[2 * e] = e;
            table[2 * e + 1] = e + 100;
        }
        float[] positions = [0.25f, 0.5f, 1f, 0f, /* frame 1 */ 0f, 0f, 0.5f, 1f];
        var output = new float[2 * encoding.OutputWidth];

        encoding.Forward(table, positions, output);

        Assert.Equal([3.75f, 103.75f, 3f, 103f, 2f, 102f, 5.5f, 105.5f], output);

        // dL/d(frame 0, landmark 0, feature 1) = 1 reaches feature 1 of entries 3 and 4 with weights 0.25 and 0.75.
        var outputGrad = new float[output.Length];
        outputGrad[1] = 1f;
        var tableGrad = new float[32];
        LandmarkGridEncodingBackward.Backward(encoding, table, positions, outputGrad, tableGrad);
        var expected = new float[32];
        expected[2 * 3 + 1] = 0.25f;
        expected[2 * 4 + 1] = 0.75f;
        Assert.Equal(expected, tableGrad);
    }

    /// <summary>
    /// The output is linear in the table, so central differences with a large step (0.5) are exact up to float
    /// rounding of O(1) sums; tolerance 1e-4 against |fd| + rms(fd). Hashed levels included.
    /// </summary>
    [Fact]
    public void Table_gradient_matches_central_differences()
    {
        var grid = new GridEncodingConfig
        {
            Storage = GridStorage.Hashed, Dimensions = 2, Levels = 3, FeaturesPerLevel = 2,
            Log2TableSize = 4, BaseResolution = 2, FinestResolution = 8,
        };
        var encoding = new LandmarkGridEncoding(grid, landmarkCount: 3);
        Assert.Contains(encoding.Layout.Levels, l => l.UseHash);
        const int frames = 4;
        float[] table = GradientCheck.RandomVector((int)encoding.Layout.TableFloats, 5);
        float[] positions = GradientCheck.RandomVector(frames * encoding.PositionWidth, 6).Select(v => 0.5f + 0.49f * v).ToArray();
        float[] outputGrad = GradientCheck.RandomVector(frames * encoding.OutputWidth, 7);

        var tableGrad = new float[table.Length];
        LandmarkGridEncodingBackward.Backward(encoding, table, positions, outputGrad, tableGrad);

        var output = new float[outputGrad.Length];
        double Loss()
        {
            encoding.Forward(table, positions, output);
            return GradientCheck.Dot(outputGrad, output);
        }
        int[] all = Enumerable.Range(0, table.Length).ToArray();
        double[] fd = GradientCheck.Central(table, all, 0.5f, Loss);
        double worst = GradientCheck.WorstRelativeError(tableGrad, all, fd);
        Assert.True(worst < 1e-4, $"worst relative error {worst:G3}.");
        Assert.True(fd.Count(v => v != 0) > table.Length / 4, "too few table entries reached to mean anything");
    }
}
