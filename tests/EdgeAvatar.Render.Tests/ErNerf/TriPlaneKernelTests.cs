using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Testing;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// grid_encode.comp in tri-plane mode (<see cref="GridEncodingKernel"/> with three planes) against the C#
/// <see cref="TriPlaneEncoding"/>: the same three tables, the same N × 3 points, each plane's axes and out-of-range
/// rule.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class TriPlaneKernelTests
{
    private static readonly GridEncodingConfig s_plane = new()
    {
        Storage = GridStorage.Hashed, Dimensions = 2, Levels = 5, FeaturesPerLevel = 1,
        Log2TableSize = 8, BaseResolution = 8, FinestResolution = 96,
    };

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void Gpu_tri_plane_matches_the_reference_plane_by_plane(int featuresPerLevel)
    {
        using GpuScope gpu = GpuFixture.Scope();
        var config = s_plane with { FeaturesPerLevel = featuresPerLevel };
        var reference = new TriPlaneEncoding(config);
        using var kernel = new GridEncodingKernel(gpu.Device, config, planes: 3);
        Assert.Equal(reference.OutputWidth, kernel.Shape.OutputWidth);
        var rng = new Random(31);
        float[] table = Enumerable.Range(0, (int)reference.TableFloats).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        const int inside = 700;
        var points = new List<float>();
        for (int i = 0; i < 3 * inside; i++) points.Add((float)rng.NextDouble());
        // Corners and edges of the cube, then points outside along one axis only: a plane that does not read that
        // axis still encodes them (xy of a point with z > 1), the two that do give zeros.
        points.AddRange([0f, 0f, 0f, 1f, 1f, 1f, 0f, 1f, 0.5f, 0.25f, 0.75f, 1f]);
        points.AddRange([0.3f, 0.6f, 1.2f, -0.1f, 0.4f, 0.7f, 0.2f, float.NaN, 0.9f]);
        float[] positions = points.ToArray();
        int n = positions.Length / 3;

        var expected = new float[n * reference.OutputWidth];
        reference.Forward(table, positions, expected);
        float[] actual = Run(gpu.Device, kernel, table, positions, n);

        float error = 0;
        for (int i = 0; i < expected.Length; i++) error = MathF.Max(error, MathF.Abs(expected[i] - actual[i]));
        Assert.True(error <= 1e-5f, $"max |gpu - reference| = {error} over {n} points");
        // Not vacuous: each plane's columns vary, and the outside points keep exactly their one valid plane.
        int pw = reference.PlaneWidth, w = reference.OutputWidth;
        for (int p = 0; p < TriPlaneEncoding.PlaneCount; p++)
            Assert.Contains(Enumerable.Range(0, inside).Select(i => actual[i * w + p * pw]), v => MathF.Abs(v) > 0.1f);
        int zOut = n - 3, xOut = n - 2, yOut = n - 1;
        Assert.Contains(actual.AsSpan(zOut * w, pw).ToArray(), v => v != 0f);             // xy of (0.3, 0.6, 1.2)
        Assert.All(actual.AsSpan(zOut * w + pw, 2 * pw).ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains(actual.AsSpan(xOut * w + pw, pw).ToArray(), v => v != 0f);         // yz of (-0.1, 0.4, 0.7)
        Assert.Contains(actual.AsSpan(yOut * w + 2 * pw, pw).ToArray(), v => v != 0f);     // xz of (0.2, NaN, 0.9)
    }

    [SkippableFact]
    public void A_tri_plane_of_a_3d_grid_or_of_two_planes_is_refused()
    {
        using GpuScope gpu = GpuFixture.Scope();
        Assert.Throws<ArgumentException>(() => new GridEncodingKernel(gpu.Device, GridEncodingConfig.RadNerfHead, planes: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridEncodingKernel(gpu.Device, s_plane, planes: 2));
    }

    private static float[] Run(ComputeDevice device, GridEncodingKernel kernel, float[] table, float[] positions, int n)
    {
        using GpuBuffer tableBuffer = device.CreateBuffer(kernel.Shape.TableBytes, BufferUsage.Storage);
        using GpuBuffer posBuffer = device.CreateBuffer((long)positions.Length * sizeof(float), BufferUsage.Storage);
        using GpuBuffer outBuffer = device.CreateBuffer((long)n * kernel.Shape.OutputWidth * sizeof(float), BufferUsage.Storage);
        tableBuffer.Upload<float>(table);
        posBuffer.Upload<float>(positions);
        // Poisoned, so a column the kernel never writes cannot pass as a correct zero.
        outBuffer.Upload<float>(Enumerable.Repeat(float.NaN, n * kernel.Shape.OutputWidth).ToArray());
        kernel.Forward(tableBuffer, posBuffer, outBuffer, n);
        var result = new float[n * kernel.Shape.OutputWidth];
        outBuffer.Download<float>(result);
        return result;
    }
}
