using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Testing;

namespace EdgeAvatar.Kernels.Tests;

/// <summary>grid_encode.comp on the shared validated device against <see cref="CpuGridEncoding"/>.</summary>
[Collection(GpuCollection.Name)]
public class GridEncodingKernelTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> Configs => new(s_configs.Keys);

    private static readonly Dictionary<string, GridEncodingConfig> s_configs = new()
    {
        ["RAD-NeRF head: 3-D tiled 16x2, base 16, 2^16, finest 2048"] = GridEncodingConfig.RadNerfHead,
        ["RAD-NeRF audio: 2-D tiled 16x2, base 16"] = GridEncodingConfig.RadNerfAudio,
        ["3-D hashed 8x4, base 4, finest 256, 2^12"] = new()
        {
            Storage = GridStorage.Hashed, Dimensions = 3, Levels = 8, FeaturesPerLevel = 4,
            BaseResolution = 4, FinestResolution = 256, Log2TableSize = 12,
        },
        ["2-D hashed 6x1, base 8, finest 128, 2^10"] = new()
        {
            Storage = GridStorage.Hashed, Dimensions = 2, Levels = 6, FeaturesPerLevel = 1,
            BaseResolution = 8, FinestResolution = 128, Log2TableSize = 10,
        },
        ["3-D tiled 5x1, base 3, finest 40, 2^8 (z dropped from the index)"] = new()
        {
            Storage = GridStorage.Tiled, Dimensions = 3, Levels = 5, FeaturesPerLevel = 1,
            BaseResolution = 3, FinestResolution = 40, Log2TableSize = 8,
        },
        ["2-D tiled 4x4, base 2, finest 64, 2^6"] = new()
        {
            Storage = GridStorage.Tiled, Dimensions = 2, Levels = 4, FeaturesPerLevel = 4,
            BaseResolution = 2, FinestResolution = 64, Log2TableSize = 6,
        },
        ["3-D hashed 1x2, single level"] = new()
        {
            Storage = GridStorage.Hashed, Dimensions = 3, Levels = 1, FeaturesPerLevel = 2,
            BaseResolution = 33, FinestResolution = 33, Log2TableSize = 9,
        },
    };

    [SkippableTheory]
    [MemberData(nameof(Configs))]
    public void Gpu_encoding_matches_the_reference_including_boundaries_and_corners(string name)
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        GridEncodingConfig config = s_configs[name];
        using var kernel = new GridEncodingKernel(device, config);
        float[] table = TestData.Uniform((int)kernel.Shape.Layout.TableFloats, -1f, 1f, seed: 11);
        float[] positions = TestData.GridPositions(1500, config.Dimensions, kernel.Shape.Layout.Levels.Select(l => l.Scale), seed: 12);
        int n = positions.Length / config.Dimensions;

        var expected = new float[n * config.OutputWidth];
        CpuGridEncoding.Forward(kernel.Shape.Layout, table, positions, expected);
        float[] actual = RunGpu(device, kernel, table, positions, n);

        float error = TestData.MaxAbsDifference(expected, actual);
        Assert.True(error <= Tolerance, $"{name}: max |gpu - reference| = {error} over {n} points");
        Assert.Contains(actual, v => v != 0f); // a kernel writing nothing must not pass against an all-zero reference
    }

    [SkippableFact]
    public void Gpu_encodes_points_outside_the_unit_cube_to_zeros()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        var config = GridEncodingConfig.RadNerfHead with { Levels = 2, FinestResolution = 32 };
        using var kernel = new GridEncodingKernel(device, config);
        float[] table = TestData.Uniform((int)kernel.Shape.Layout.TableFloats, 1f, 2f, seed: 13);
        float[] positions = [0.5f, 0.5f, 0.5f, -0.01f, 0.5f, 0.5f, 0.5f, 1.01f, 0.5f, 0.5f, 0.5f, float.NaN];
        float[] actual = RunGpu(device, kernel, table, positions, 4);
        Assert.All(actual.AsSpan(0, 4).ToArray(), v => Assert.InRange(v, 1f, 2f));
        Assert.All(actual.AsSpan(4).ToArray(), v => Assert.Equal(0f, v));
    }

    [SkippableFact]
    public void One_kernel_serves_several_tables_of_its_config()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        var config = GridEncodingConfig.RadNerfAudio with { Levels = 4, FinestResolution = 128 };
        using var kernel = new GridEncodingKernel(device, config);
        float[] positions = TestData.Uniform(2 * 200, 0f, 1f, seed: 14);
        foreach (int seed in new[] { 15, 16 })
        {
            float[] table = TestData.Uniform((int)kernel.Shape.Layout.TableFloats, -1f, 1f, seed);
            var expected = new float[200 * config.OutputWidth];
            CpuGridEncoding.Forward(kernel.Shape.Layout, table, positions, expected);
            Assert.True(TestData.MaxAbsDifference(expected, RunGpu(device, kernel, table, positions, 200)) <= Tolerance);
        }
    }

    private static float[] RunGpu(ComputeDevice device, GridEncodingKernel kernel, float[] table, float[] positions, int n)
    {
        using GpuBuffer tableBuffer = device.CreateBuffer(kernel.Shape.TableBytes, BufferUsage.Storage);
        using GpuBuffer posBuffer = device.CreateBuffer((long)positions.Length * sizeof(float), BufferUsage.Storage);
        using GpuBuffer outBuffer = device.CreateBuffer((long)n * kernel.Config.OutputWidth * sizeof(float), BufferUsage.Storage);
        tableBuffer.Upload<float>(table);
        posBuffer.Upload<float>(positions);
        // Poison the output so a missed write cannot look like a correct zero.
        outBuffer.Upload<float>(Enumerable.Repeat(float.NaN, n * kernel.Config.OutputWidth).ToArray());
        kernel.Forward(tableBuffer, posBuffer, outBuffer, n);
        var result = new float[n * kernel.Config.OutputWidth];
        outBuffer.Download<float>(result);
        return result;
    }
}
