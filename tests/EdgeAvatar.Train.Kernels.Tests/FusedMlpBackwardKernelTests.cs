using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Testing;
using EdgeAvatar.Train.Kernels.Networks;

using EdgeAvatar.Kernels.Tests;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>
/// mlp_backward.comp on the shared validated device against <see cref="FusedMlpBackwardReference"/> (itself
/// checked by finite differences). Weight gradients are sums over the batch whose order differs (subgroup tree,
/// shared-memory sum, atomics vs the reference's chunked sums), and the GPU may contract multiply-adds into FMAs:
/// a few ulps of the largest partial sums. <see cref="Tolerance"/> is relative to the largest |gradient| per buffer.
/// </summary>
[Collection(GpuCollection.Name)]
public class FusedMlpBackwardKernelTests
{
    private const float Tolerance = 2e-5f;

    private static readonly Dictionary<string, MlpConfig> s_configs = new()
    {
        ["5-8-8-3 ReLU"] = new() { InputWidth = 5, HiddenWidth = 8, HiddenLayers = 2, OutputWidth = 3 },
        ["7-13x3-5 output ReLU"] = new() { InputWidth = 7, HiddenWidth = 13, HiddenLayers = 3, OutputWidth = 5, OutputActivation = MlpActivation.ReLU },
        ["single linear layer 3-4"] = new() { InputWidth = 3, HiddenLayers = 0, OutputWidth = 4 },
        ["6-16-16-3 fp16 weights, no hidden activation"] = new() { InputWidth = 6, HiddenWidth = 16, HiddenLayers = 2, OutputWidth = 3, Activation = MlpActivation.None, WeightPrecision = MlpWeightPrecision.Fp16 },
        ["RAD-NeRF sigma 65-64-64-65"] = MlpConfig.RadNerfSigma,
    };

    public static TheoryData<string> Configs() => [.. s_configs.Keys];

    [SkippableTheory]
    [MemberData(nameof(Configs))]
    public void Gpu_weight_and_input_gradients_match_the_reference(string name)
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        MlpConfig config = s_configs[name];
        const int n = 300; // not a multiple of the workgroup size: the tail group runs with zero deltas
        var problem = FusedMlpBackwardReferenceTests.Problem.Create(config, n, seed: 77);
        (float[] wRef, float[] iRef) = problem.Backward();

        using var forward = new FusedMlpKernel(device, config);
        using var kernel = new FusedMlpBackwardKernel(device, config);
        using GpuBuffer weights = forward.CreateWeightBuffer(problem.Weights);
        using GpuBuffer inputs = device.CreateBuffer<float>(problem.Inputs);
        using GpuBuffer outputGrad = device.CreateBuffer<float>(problem.OutputGrad);
        using GpuBuffer weightGrad = device.CreateBuffer(kernel.WeightGradBytes);
        using GpuBuffer inputGrad = device.CreateBuffer((long)problem.Inputs.Length * sizeof(float));
        weightGrad.Fill(0x7fc00000); // NaN: the kernel's own zeroing must happen
        inputGrad.Fill(0x7fc00000);
        kernel.Backward(weights, inputs, outputGrad, weightGrad, inputGrad, n);

        float wErr = TestData.MaxAbsDifference(wRef, weightGrad.Download<float>()) / wRef.Max(MathF.Abs);
        float iErr = TestData.MaxAbsDifference(iRef, inputGrad.Download<float>()) / iRef.Max(MathF.Abs);
        Assert.True(wErr <= Tolerance, $"{name}: weight gradient relative error {wErr:E2}");
        Assert.True(iErr <= Tolerance, $"{name}: input gradient relative error {iErr:E2}");
    }
}
