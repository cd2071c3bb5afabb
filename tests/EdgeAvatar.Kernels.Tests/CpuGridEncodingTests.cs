using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Kernels.Tests;

/// <summary>The C# grid reference against values computed by hand, independent of any shader.</summary>
public class CpuGridEncodingTests
{
    // Base resolution 2, one level: s = 1, V = 3 vertices per axis, dense index g0 + 3·g1 (+ 9·g2).
    private static GridEncodingConfig Tiny(int dims, int features = 1) => new()
    {
        Dimensions = dims, Levels = 1, FeaturesPerLevel = features, BaseResolution = 2, FinestResolution = 2,
        Log2TableSize = 5,
    };

    private static float[] Encode(GridEncodingConfig config, float[] table, params float[] positions)
    {
        var output = new float[positions.Length / config.Dimensions * config.OutputWidth];
        CpuGridEncoding.Forward(config, table, positions, output);
        return output;
    }

    [Fact]
    public void Bilinear_weight_of_a_single_nonzero_vertex_is_the_product_of_axis_weights()
    {
        var config = Tiny(2);
        var table = new float[new GridEncodingLayout(config).TableFloats];
        table[1 + 3 * 1] = 1f; // vertex (1, 1)
        // x = (0.75, 1.0) → p = (1.25, 1.5), lower corner (1, 1), t = (0.25, 0.5): weight 0.75 · 0.5.
        Assert.Equal(0.375f, Encode(config, table, 0.75f, 1.0f)[0], 6);
        // x = (0.25, 0.25) → p = (0.75, 0.75), lower corner (0, 0), vertex (1, 1) is upper on both: 0.75 · 0.75.
        Assert.Equal(0.5625f, Encode(config, table, 0.25f, 0.25f)[0], 6);
        // x = (0, 0) → p = (0.5, 0.5): the four corners of cell (0, 0) share equally.
        Assert.Equal(0.25f, Encode(config, table, 0f, 0f)[0], 6);
    }

    [Fact]
    public void Trilinear_weight_of_a_single_nonzero_vertex_is_the_product_of_axis_weights()
    {
        var config = Tiny(3);
        var table = new float[new GridEncodingLayout(config).TableFloats];
        table[1 + 3 * 1 + 9 * 1] = 1f; // vertex (1, 1, 1)
        // x = (0.25, 0.5, 0.6) → p = (0.75, 1.0, 1.1), lower corner (0, 1, 1), t = (0.75, 0, 0.1):
        // vertex (1, 1, 1) is upper in x, lower in y and z: 0.75 · 1 · 0.9.
        Assert.Equal(0.675f, Encode(config, table, 0.25f, 0.5f, 0.6f)[0], 5);
    }

    [Fact]
    public void Affine_table_is_reproduced_exactly_at_every_feature()
    {
        // Multilinear interpolation of an affine function of the vertex coordinates is that function of p.
        var config = Tiny(3, features: 4);
        var table = new float[new GridEncodingLayout(config).TableFloats];
        for (int g2 = 0; g2 < 3; g2++)
            for (int g1 = 0; g1 < 3; g1++)
                for (int g0 = 0; g0 < 3; g0++)
                    for (int f = 0; f < 4; f++)
                        table[(g0 + 3 * g1 + 9 * g2) * 4 + f] = f + g0 - 2f * g1 + (f + 1) * 0.5f * g2;
        float[] x = [0.1f, 0.7f, 0.95f];
        float[] output = Encode(config, table, x);
        for (int f = 0; f < 4; f++)
        {
            float p0 = x[0] + 0.5f, p1 = x[1] + 0.5f, p2 = x[2] + 0.5f;
            Assert.Equal(f + p0 - 2f * p1 + (f + 1) * 0.5f * p2, output[f], 5);
        }
    }

    [Fact]
    public void Each_level_reads_its_own_slice_of_the_table()
    {
        // Base 2, finest 4, two levels: b = 2, scales 1 and 3, sizes 16 (9 → 16) and 32 (25 → 32).
        var config = new GridEncodingConfig
        {
            Dimensions = 2, Levels = 2, FeaturesPerLevel = 2, BaseResolution = 2, FinestResolution = 4, Log2TableSize = 6,
        };
        var layout = new GridEncodingLayout(config);
        Assert.Equal(16u, layout.Levels[1].Offset);
        Assert.Equal(3f, layout.Levels[1].Scale);
        var table = new float[layout.TableFloats];
        for (int e = 0; e < 16; e++)
            (table[2 * e], table[2 * e + 1]) = (3f, -1f);
        for (int e = 16; e < 48; e++)
            (table[2 * e], table[2 * e + 1]) = (7f, 0.5f);
        float[] output = Encode(config, table, 0.3f, 0.9f, 1f, 0f);
        float[] expected = [3f, -1f, 7f, 0.5f, 3f, -1f, 7f, 0.5f];
        Assert.True(TestData.MaxAbsDifference(expected, output) < 1e-6f);
    }

    [Theory]
    [InlineData(-0.001f, 0.5f)]
    [InlineData(0.5f, 1.001f)]
    [InlineData(float.NaN, 0.5f)]
    public void Point_outside_the_unit_square_encodes_to_zeros(float x0, float x1)
    {
        var config = Tiny(2, features: 2);
        var table = TestData.Uniform((int)new GridEncodingLayout(config).TableFloats, 1f, 2f, seed: 3);
        Assert.All(Encode(config, table, x0, x1), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Encoding_is_continuous_across_a_hashed_cell_boundary()
    {
        // Both cells share the boundary vertices, so approaching from either side gives the same value.
        var config = new GridEncodingConfig
        {
            Storage = GridStorage.Hashed, Dimensions = 3, Levels = 1, BaseResolution = 64, FinestResolution = 64,
            Log2TableSize = 8,
        };
        var layout = new GridEncodingLayout(config);
        Assert.True(layout.Levels[0].UseHash);
        var table = TestData.Uniform((int)layout.TableFloats, -1f, 1f, seed: 4);
        float s = layout.Levels[0].Scale;
        float boundary = (10f - 0.5f) / s;
        float below = Encode(config, table, boundary - 1e-5f, 0.3f, 0.6f)[0];
        float above = Encode(config, table, boundary + 1e-5f, 0.3f, 0.6f)[0];
        Assert.True(MathF.Abs(below - above) < 1e-2f, $"{below} vs {above}");
        Assert.NotEqual(0f, below);
    }

    [Fact]
    public void Mismatched_table_length_is_rejected_with_the_expected_size()
    {
        var config = Tiny(2);
        var e = Assert.Throws<ArgumentException>(() => Encode(config, new float[5], 0.5f, 0.5f));
        Assert.Contains("16", e.Message, StringComparison.Ordinal);
    }
}
