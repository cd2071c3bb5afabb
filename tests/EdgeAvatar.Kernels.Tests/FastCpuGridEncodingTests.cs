using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Kernels.Tests;

/// <summary>
/// <see cref="FastCpuGridEncoding"/> (the renderers' fast encoder) against its specification
/// <see cref="CpuGridEncoding"/>: the same float operations in the same order, so the outputs must be equal
/// bit for bit, on every index reduction it picks (dense, power-of-two mask, general remainder) and for points
/// outside the unit cube.
/// </summary>
public sealed class FastCpuGridEncodingTests
{
    public static TheoryData<int, GridStorage, int, int, int, int> Configs => new()
    {
        // dims, storage, levels, features, log2 table, finest resolution
        { 3, GridStorage.Tiled, 12, 2, 15, 1024 },   // the quick head's spatial grid: dense levels, then wrapping
        { 2, GridStorage.Tiled, 8, 2, 12, 256 },     // the quick head's ambient grid
        { 3, GridStorage.Hashed, 16, 2, 14, 2048 },  // hashed levels
        { 2, GridStorage.Hashed, 6, 4, 10, 600 },    // four features per level
        { 3, GridStorage.Tiled, 5, 1, 9, 90 },       // one feature per level
        { 2, GridStorage.Tiled, 4, 2, 3, 40 },       // a tiny table: every level wraps
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Encode_equals_the_reference_bit_for_bit(int dims, GridStorage storage, int levels, int features,
        int log2, int finest)
    {
        var config = new GridEncodingConfig
        {
            Dimensions = dims, Storage = storage, Levels = levels, FeaturesPerLevel = features,
            Log2TableSize = log2, BaseResolution = 16, FinestResolution = finest,
        };
        var layout = new GridEncodingLayout(config);
        float[] table = TestData.Uniform((int)layout.TableFloats, -1f, 1f, 11);
        var positions = new List<float>(TestData.GridPositions(500, dims, layout.Levels.Select(l => l.Scale), 12));
        // Outside the cube and NaN encode to zeros in both.
        for (int d = 0; d < dims; d++) positions.Add(d == 0 ? 1.25f : 0.5f);
        for (int d = 0; d < dims; d++) positions.Add(d == dims - 1 ? float.NaN : 0.5f);
        for (int d = 0; d < dims; d++) positions.Add(-1e-7f);
        float[] x = [.. positions];
        int n = x.Length / dims;
        var expected = new float[n * config.OutputWidth];
        CpuGridEncoding.Forward(layout, table, x, expected);
        var actual = new float[n * config.OutputWidth];
        new FastCpuGridEncoding(layout).Encode(table, x, actual);

        Assert.Equal(expected, actual);
        Assert.Contains(expected, v => v != 0f);
        Assert.All(actual.AsSpan((n - 3) * config.OutputWidth).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Encode_rejects_mismatched_buffers()
    {
        var layout = new GridEncodingLayout(new GridEncodingConfig { Dimensions = 2, Levels = 2, Log2TableSize = 6 });
        var cpu = new FastCpuGridEncoding(layout);
        var table = new float[layout.TableFloats];
        Assert.Throws<ArgumentException>(() => cpu.Encode(table.AsSpan(1), new float[4], new float[2 * cpu.OutputWidth]));
        Assert.Throws<ArgumentException>(() => cpu.Encode(table, new float[5], new float[2 * cpu.OutputWidth]));
        Assert.Throws<ArgumentException>(() => cpu.Encode(table, new float[4], new float[cpu.OutputWidth]));
    }
}
