using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Train.Kernels.Encodings;

using EdgeAvatar.Kernels.Tests;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>
/// <see cref="CpuGridEncodingBackward"/> against central differences of a float64 port of the forward.
/// Tolerance <see cref="Tolerance"/> (relative to |fd| + RMS(fd)): the reference computes t = x·s + 0.5 − floor in
/// float, which is off the double value by ≤ ulp(p) ≈ s_max·6e-8 ≈ 2e-6 here, and sums a few dozen float terms
/// (≈ 1e-6 relative); the double FD itself is exact for the table (the output is linear in it) and has a
/// truncation error of 0 inside a cell for positions (multilinear, step kept inside the cell). A 1 % error in one
/// entry scores 5e-3 and fails (see the sensitivity tests).
/// </summary>
public class CpuGridEncodingBackwardTests
{
    private const double Tolerance = 1e-4;

    private static readonly Dictionary<string, GridEncodingConfig> s_configs = new()
    {
        ["2D tiled 3x2"] = new() { Dimensions = 2, Levels = 3, FeaturesPerLevel = 2, Log2TableSize = 8, BaseResolution = 4, FinestResolution = 16 },
        ["2D hashed 4x1"] = new() { Dimensions = 2, Storage = GridStorage.Hashed, Levels = 4, FeaturesPerLevel = 1, Log2TableSize = 6, BaseResolution = 4, FinestResolution = 32 },
        ["3D tiled 3x2"] = new() { Dimensions = 3, Levels = 3, FeaturesPerLevel = 2, Log2TableSize = 9, BaseResolution = 3, FinestResolution = 12 },
        ["3D hashed 3x4"] = new() { Dimensions = 3, Storage = GridStorage.Hashed, Levels = 3, FeaturesPerLevel = 4, Log2TableSize = 7, BaseResolution = 4, FinestResolution = 24 },
    };

    public static TheoryData<string> Configs() => [.. s_configs.Keys];

    /// <summary>A problem instance: random table, output gradient, and points away from cell boundaries.</summary>
    internal sealed record Problem(GridEncodingLayout Layout, float[] Table, float[] Positions, float[] OutputGrad)
    {
        public static Problem Create(GridEncodingConfig config, int points, int seed)
        {
            var layout = new GridEncodingLayout(config);
            var rng = new Random(seed);
            var positions = new List<float>();
            var point = new float[config.Dimensions];
            while (positions.Count < points * config.Dimensions)
            {
                for (int d = 0; d < point.Length; d++)
                    point[d] = rng.NextSingle();
                if (GridEncodingFloat64.AwayFromCellBoundaries(layout, point, 0.01))
                    positions.AddRange(point);
            }
            return new Problem(layout,
                TestData.Uniform((int)layout.TableFloats, -1f, 1f, seed + 1),
                [.. positions],
                TestData.Uniform(points * config.OutputWidth, -1f, 1f, seed + 2));
        }

        public (float[] Table, float[] Positions) Backward()
        {
            var tableGrad = new float[Table.Length];
            var posGrad = new float[Positions.Length];
            CpuGridEncodingBackward.Backward(Layout, Table, Positions, OutputGrad, tableGrad, posGrad);
            return (tableGrad, posGrad);
        }

        public double TableError(float[] tableGrad)
        {
            double[] positions = FiniteDifference.ToDouble(Positions);
            int[] all = Enumerable.Range(0, Table.Length).ToArray();
            double[] fd = FiniteDifference.Central(FiniteDifference.ToDouble(Table), all, 1e-2,
                t => GridEncodingFloat64.Loss(Layout, t, positions, OutputGrad));
            return FiniteDifference.WorstRelativeError(tableGrad, all, fd);
        }

        public double PositionError(float[] posGrad)
        {
            double[] table = FiniteDifference.ToDouble(Table);
            int[] all = Enumerable.Range(0, Positions.Length).ToArray();
            // 0.01-cell margin; h·s_max = 1e-5 · 31 ≈ 3e-4 cells, so x ± h stays in the same cell on every level.
            double[] fd = FiniteDifference.Central(FiniteDifference.ToDouble(Positions), all, 1e-5,
                x => GridEncodingFloat64.Loss(Layout, table, x, OutputGrad));
            return FiniteDifference.WorstRelativeError(posGrad, all, fd);
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Table_gradient_matches_central_differences(string name)
    {
        var problem = Problem.Create(s_configs[name], points: 24, seed: 100);
        (float[] tableGrad, _) = problem.Backward();
        Assert.Contains(tableGrad, v => v != 0f);
        double error = problem.TableError(tableGrad);
        Assert.True(error <= Tolerance, $"{name}: worst relative table-gradient error {error:E2}");
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Position_gradient_matches_central_differences_inside_cells(string name)
    {
        var problem = Problem.Create(s_configs[name], points: 24, seed: 200);
        (_, float[] posGrad) = problem.Backward();
        double error = problem.PositionError(posGrad);
        Assert.True(error <= Tolerance, $"{name}: worst relative position-gradient error {error:E2}");
    }

    [Fact]
    public void A_one_percent_error_in_a_single_gradient_entry_fails_the_check()
    {
        var problem = Problem.Create(s_configs["3D hashed 3x4"], points: 24, seed: 300);
        (float[] tableGrad, float[] posGrad) = problem.Backward();
        int t = Array.FindIndex(tableGrad, v => v != 0f);
        tableGrad[t] *= 1.01f;
        posGrad[5] *= 1.01f;
        Assert.True(problem.TableError(tableGrad) > Tolerance);
        Assert.True(problem.PositionError(posGrad) > Tolerance);
    }

    [Fact]
    public void Gradients_are_added_to_what_the_buffers_hold()
    {
        var problem = Problem.Create(s_configs["2D tiled 3x2"], points: 8, seed: 400);
        (float[] once, float[] posOnce) = problem.Backward();
        float[] tableGrad = [.. once], posGrad = [.. posOnce];
        CpuGridEncodingBackward.Backward(problem.Layout, problem.Table, problem.Positions, problem.OutputGrad, tableGrad, posGrad);
        // Adding term by term onto the old value rounds differently from doubling: allow float rounding only.
        Assert.True(TestData.MaxAbsDifference(once.Select(v => 2f * v).ToArray(), tableGrad) <= 1e-5f);
        Assert.True(TestData.MaxAbsDifference(posOnce.Select(v => 2f * v).ToArray(), posGrad) <= 1e-4f * posOnce.Max(MathF.Abs));
    }

    [Fact]
    public void Points_outside_the_unit_cube_get_no_gradient()
    {
        var problem = Problem.Create(s_configs["3D tiled 3x2"], points: 3, seed: 500);
        float[] positions = [1.5f, 0.5f, 0.5f, 0.2f, -0.1f, 0.3f, float.NaN, 0.5f, 0.5f];
        var tableGrad = new float[problem.Table.Length];
        var posGrad = new float[positions.Length];
        CpuGridEncodingBackward.Backward(problem.Layout, problem.Table, positions, problem.OutputGrad, tableGrad, posGrad);
        Assert.All(tableGrad, v => Assert.Equal(0f, v));
        Assert.All(posGrad, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Repeated_runs_are_bit_identical()
    {
        var problem = Problem.Create(s_configs["2D hashed 4x1"], points: 500, seed: 600);
        (float[] a, float[] pa) = problem.Backward();
        (float[] b, float[] pb) = problem.Backward();
        Assert.Equal(a, b);
        Assert.Equal(pa, pb);
    }

    [Fact]
    public void Skipping_position_gradients_leaves_the_table_gradient_unchanged()
    {
        var problem = Problem.Create(s_configs["2D tiled 3x2"], points: 16, seed: 700);
        (float[] withPos, _) = problem.Backward();
        var tableGrad = new float[problem.Table.Length];
        CpuGridEncodingBackward.Backward(problem.Layout, problem.Table, problem.Positions, problem.OutputGrad, tableGrad, []);
        Assert.Equal(withPos, tableGrad);
    }
}
