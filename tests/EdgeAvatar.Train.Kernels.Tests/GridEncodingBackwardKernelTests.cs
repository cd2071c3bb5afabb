using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Testing;
using EdgeAvatar.Train.Kernels.Encodings;

using EdgeAvatar.Kernels.Tests;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>
/// grid_encode_backward.comp on the shared validated device against <see cref="CpuGridEncodingBackward"/>
/// (itself checked by finite differences). The GPU adds the same terms with atomics in another order (and may fuse
/// w·G into an FMA), so each sum differs by a few ulps of its largest partial sums: <see cref="Tolerance"/> is
/// relative to the largest |gradient| of the buffer; an entry-level mistake (wrong corner, weight or entry) is O(1).
/// Points keep a 0.01-cell margin from cell boundaries so FMA in x·s + 0.5 cannot move a point to another cell.
/// </summary>
[Collection(GpuCollection.Name)]
public class GridEncodingBackwardKernelTests
{
    private const float Tolerance = 1e-5f;

    private static readonly Dictionary<string, GridEncodingConfig> s_configs = new()
    {
        ["2D tiled 3x2"] = new() { Dimensions = 2, Levels = 3, FeaturesPerLevel = 2, Log2TableSize = 8, BaseResolution = 4, FinestResolution = 16 },
        ["2D hashed 4x1"] = new() { Dimensions = 2, Storage = GridStorage.Hashed, Levels = 4, FeaturesPerLevel = 1, Log2TableSize = 6, BaseResolution = 4, FinestResolution = 32 },
        ["3D tiled 3x2"] = new() { Dimensions = 3, Levels = 3, FeaturesPerLevel = 2, Log2TableSize = 9, BaseResolution = 3, FinestResolution = 12 },
        ["3D hashed 5x4"] = new() { Dimensions = 3, Storage = GridStorage.Hashed, Levels = 5, FeaturesPerLevel = 4, Log2TableSize = 10, BaseResolution = 4, FinestResolution = 64 },
    };

    public static TheoryData<string> Configs() => [.. s_configs.Keys];

    [SkippableTheory]
    [MemberData(nameof(Configs))]
    public void Gpu_table_and_position_gradients_match_the_reference(string name)
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        var problem = CpuGridEncodingBackwardTests.Problem.Create(s_configs[name], points: 777, seed: 900);
        (float[] tableRef, float[] posRef) = problem.Backward();

        using var kernel = new GridEncodingBackwardKernel(device, s_configs[name]);
        using GpuBuffer table = device.CreateBuffer<float>(problem.Table);
        using GpuBuffer positions = device.CreateBuffer<float>(problem.Positions);
        using GpuBuffer outputGrad = device.CreateBuffer<float>(problem.OutputGrad);
        using GpuBuffer tableGrad = device.CreateBuffer(kernel.Shape.TableBytes);
        using GpuBuffer posGrad = device.CreateBuffer((long)problem.Positions.Length * sizeof(float));
        tableGrad.Fill(0x7fc00000); // NaN: the kernel's own zeroing must happen
        kernel.Backward(table, positions, outputGrad, tableGrad, posGrad, problem.Positions.Length / s_configs[name].Dimensions);

        float[] tableGpu = tableGrad.Download<float>()[..tableRef.Length];
        float[] posGpu = posGrad.Download<float>();
        float tableErr = TestData.MaxAbsDifference(tableRef, tableGpu) / tableRef.Max(MathF.Abs);
        float posErr = TestData.MaxAbsDifference(posRef, posGpu) / posRef.Max(MathF.Abs);
        Assert.True(tableErr <= Tolerance, $"{name}: table gradient relative error {tableErr:E2}");
        Assert.True(posErr <= Tolerance, $"{name}: position gradient relative error {posErr:E2}");
    }

    [SkippableFact]
    public void Without_a_position_buffer_only_the_table_gradient_is_computed()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        GridEncodingConfig config = s_configs["2D tiled 3x2"];
        var problem = CpuGridEncodingBackwardTests.Problem.Create(config, points: 100, seed: 901);
        (float[] tableRef, _) = problem.Backward();
        using var kernel = new GridEncodingBackwardKernel(device, config);
        using GpuBuffer table = device.CreateBuffer<float>(problem.Table);
        using GpuBuffer positions = device.CreateBuffer<float>(problem.Positions);
        using GpuBuffer outputGrad = device.CreateBuffer<float>(problem.OutputGrad);
        using GpuBuffer tableGrad = device.CreateBuffer(kernel.Shape.TableBytes);
        kernel.Backward(table, positions, outputGrad, tableGrad, null, 100);
        float err = TestData.MaxAbsDifference(tableRef, tableGrad.Download<float>()) / tableRef.Max(MathF.Abs);
        Assert.True(err <= Tolerance, $"relative error {err:E2}");
    }
}
