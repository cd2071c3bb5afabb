using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Train.ErNerf;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary><see cref="TriPlaneEncoding"/> worked by hand, and <see cref="TriPlaneEncodingBackward"/> by hand and by central differences.</summary>
public class TriPlaneEncodingTests
{
    /// <summary>
    /// One tiled level with scale 2·1 − 1 = 1: a plane coordinate (a, b) maps to p = (a + 0.5, b + 0.5) on a 3 × 3
    /// vertex grid with entry g0 + 3·g1 (9 entries, rounded up to 16). Plane q's table holds entry e = 100·q + e.
    /// Point (0.25, 0.5, 1):
    /// xy (0.25, 0.5) → p (0.75, 1): 0.25·e3 + 0.75·e4 = 3.75;
    /// yz (0.5, 1) → p (1, 1.5): 0.5·e4 + 0.5·e7 = 5.5, + 100;
    /// xz (0.25, 1) → p (0.75, 1.5): 0.125·e3 + 0.375·e4 + 0.125·e6 + 0.375·e7 = 5.25, + 200
    /// (reading it as (z, x) would give 3.75 + 200). Point (0, 0, 0): a quarter each of e0, e1, e3, e4 = 2 per plane.
    /// Position gradient with dL/d(output) = 1 for point 0: in a cell with corner values c00, c10, c01, c11
    /// (t0 along the first axis) ∂/∂t0 = (1 − t1)(c10 − c00) + t1(c11 − c01) and ∂/∂t1 = (1 − t0)(c01 − c00) + t0(c11 − c10);
    /// every cell here has c10 − c00 = 1 and c01 − c00 = 3, so each plane gives 1 to its first axis and 3 to its second:
    /// x = 1 (xy) + 1 (xz) = 2, y = 3 (xy) + 1 (yz) = 4, z = 3 (yz) + 3 (xz) = 6.
    /// </summary>
    [Fact]
    public void One_level_tri_plane_worked_by_hand()
    {
        var plane = new GridEncodingConfig
        {
            Storage = GridStorage.Tiled, Dimensions = 2, Levels = 1, FeaturesPerLevel = 1,
            Log2TableSize = 4, BaseResolution = 2, FinestResolution = 2,
        };
        var encoding = new TriPlaneEncoding(plane);
        Assert.Equal(48, encoding.TableFloats);
        var table = new float[48];
        for (int q = 0; q < 3; q++)
            for (int e = 0; e < 16; e++)
                table[16 * q + e] = 100 * q + e;
        float[] positions = [0.25f, 0.5f, 1f, 0f, 0f, 0f];
        var output = new float[6];

        encoding.Forward(table, positions, output);

        Assert.Equal([3.75f, 105.5f, 205.25f, 2f, 102f, 202f], output);

        // dL/d(point 0's xz feature) = 1 reaches plane xz's entries 3, 4, 6, 7 with their weights.
        var outputGrad = new float[6];
        outputGrad[2] = 1f;
        var tableGrad = new float[48];
        TriPlaneEncodingBackward.Backward(encoding, table, positions, outputGrad, tableGrad, []);
        var expected = new float[48];
        expected[32 + 3] = 0.125f;
        expected[32 + 4] = 0.375f;
        expected[32 + 6] = 0.125f;
        expected[32 + 7] = 0.375f;
        Assert.Equal(expected, tableGrad);

        float[] allOnPoint0 = [1f, 1f, 1f, 0f, 0f, 0f];
        var positionGrad = new float[6];
        TriPlaneEncodingBackward.Backward(encoding, table, positions, allOnPoint0, new float[48], positionGrad);
        Assert.Equal([2f, 4f, 6f, 0f, 0f, 0f], positionGrad);
    }

    /// <summary>
    /// The output is linear in the table, so central differences with a large step (0.5) are exact up to float
    /// rounding; hashed and dense levels, two features per level. Tolerance 1e-4 against |fd| + rms(fd).
    /// </summary>
    [Fact]
    public void Table_gradient_matches_central_differences()
    {
        var encoding = new TriPlaneEncoding(SmallPlane);
        Assert.Contains(encoding.Layout.Levels, l => l.UseHash);
        Assert.Contains(encoding.Layout.Levels, l => !l.UseHash);
        const int n = 6;
        float[] table = GradientCheck.RandomVector((int)encoding.TableFloats, 11);
        float[] positions = GradientCheck.RandomVector(3 * n, 12).Select(v => 0.5f + 0.49f * v).ToArray();
        float[] outputGrad = GradientCheck.RandomVector(n * encoding.OutputWidth, 13);

        var tableGrad = new float[table.Length];
        TriPlaneEncodingBackward.Backward(encoding, table, positions, outputGrad, tableGrad, []);

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
        for (int q = 0; q < 3; q++)
        {
            int reached = fd.Skip(q * (int)encoding.PlaneTableFloats).Take((int)encoding.PlaneTableFloats).Count(v => v != 0);
            Assert.True(reached > 8, $"plane {q}: only {reached} entries reached");
        }
    }

    /// <summary>
    /// Position gradient against central differences (step 1e-3 in the unit cube). The encoding is only piecewise
    /// multilinear, so the points are drawn until no coordinate lies within 2 steps of a cell boundary at any level
    /// (the derivative is then the one inside the cell); the float32 forward's rounding over a 2e-3 step leaves
    /// about 1e-4 relative error, so the tolerance is 2e-3.
    /// </summary>
    [Fact]
    public void Position_gradient_matches_central_differences()
    {
        var encoding = new TriPlaneEncoding(SmallPlane);
        const int n = 8;
        const float h = 1e-3f;
        var rng = new Random(21);
        var positions = new float[3 * n];
        for (int i = 0; i < positions.Length; i++)
        {
            float v;
            do v = (float)(0.05 + 0.9 * rng.NextDouble());
            while (encoding.Layout.Levels.Any(l =>
            {
                double p = (double)v * l.Scale + 0.5, frac = p - Math.Floor(p);
                return Math.Min(frac, 1 - frac) < 2 * h * l.Scale;
            }));
            positions[i] = v;
        }
        float[] table = GradientCheck.RandomVector((int)encoding.TableFloats, 22);
        float[] outputGrad = GradientCheck.RandomVector(n * encoding.OutputWidth, 23);

        var positionGrad = new float[positions.Length];
        TriPlaneEncodingBackward.Backward(encoding, table, positions, outputGrad, new float[table.Length], positionGrad);

        var output = new float[outputGrad.Length];
        double Loss()
        {
            encoding.Forward(table, positions, output);
            return GradientCheck.Dot(outputGrad, output);
        }
        int[] all = Enumerable.Range(0, positions.Length).ToArray();
        double[] fd = GradientCheck.Central(positions, all, h, Loss);
        double worst = GradientCheck.WorstRelativeError(positionGrad, all, fd);
        Assert.True(worst < 2e-3, $"worst relative error {worst:G3}.");
        Assert.True(fd.All(v => Math.Abs(v) > 1e-3), "a coordinate with no gradient tests nothing");
    }

    /// <summary>Three levels, resolutions 4 to 16, 2^5 entries: the coarse level is dense, the finer ones hashed.</summary>
    private static GridEncodingConfig SmallPlane => new()
    {
        Storage = GridStorage.Hashed, Dimensions = 2, Levels = 3, FeaturesPerLevel = 2,
        Log2TableSize = 5, BaseResolution = 4, FinestResolution = 16,
    };
}
