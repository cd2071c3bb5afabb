using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Testing;

namespace EdgeAvatar.Kernels.Tests;

/// <summary>mlp_forward.comp on the shared validated device against <see cref="FusedMlpReference"/>.</summary>
[Collection(GpuCollection.Name)]
public class FusedMlpKernelTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<string, MlpWeightPrecision> Cases()
    {
        var data = new TheoryData<string, MlpWeightPrecision>();
        foreach (string name in s_configs.Keys)
            foreach (MlpWeightPrecision p in Enum.GetValues<MlpWeightPrecision>())
                data.Add(name, p);
        return data;
    }

    private static readonly Dictionary<string, MlpConfig> s_configs = new()
    {
        ["RAD-NeRF sigma 65-64-64-65"] = MlpConfig.RadNerfSigma,
        ["32-64-64-4"] = new() { InputWidth = 32, HiddenWidth = 64, HiddenLayers = 2, OutputWidth = 4 },
        ["odd widths 7-13-13-13-5"] = new() { InputWidth = 7, HiddenWidth = 13, HiddenLayers = 3, OutputWidth = 5 },
        ["colour-like 84-64-3, output ReLU"] = new()
        {
            InputWidth = 84, HiddenWidth = 64, HiddenLayers = 1, OutputWidth = 3, OutputActivation = MlpActivation.ReLU,
        },
        ["single linear layer 18-6"] = new() { InputWidth = 18, HiddenLayers = 0, OutputWidth = 6 },
        ["no hidden activation 9-16-16-2"] = new()
        {
            InputWidth = 9, HiddenWidth = 16, HiddenLayers = 2, OutputWidth = 2, Activation = MlpActivation.None,
        },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Gpu_forward_matches_the_reference(string name, MlpWeightPrecision precision)
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        MlpConfig config = s_configs[name] with { WeightPrecision = precision };
        const int n = 777; // not a multiple of the workgroup size
        float[] weights = TestData.MlpWeights(config, seed: 21);
        float[] inputs = TestData.Uniform(n * config.InputWidth, -1f, 1f, seed: 22);

        var expected = new float[n * config.OutputWidth];
        FusedMlpReference.Forward(config, weights, inputs, expected);

        using var kernel = new FusedMlpKernel(device, config);
        using GpuBuffer w = kernel.CreateWeightBuffer(weights);
        using GpuBuffer input = device.CreateBuffer((long)inputs.Length * sizeof(float), BufferUsage.Storage);
        using GpuBuffer output = device.CreateBuffer((long)expected.Length * sizeof(float), BufferUsage.Storage);
        input.Upload<float>(inputs);
        output.Upload<float>(Enumerable.Repeat(float.NaN, expected.Length).ToArray());
        kernel.Forward(w, input, output, n);
        var actual = new float[expected.Length];
        output.Download<float>(actual);

        float error = TestData.MaxAbsDifference(expected, actual);
        Assert.True(error <= Tolerance, $"{name} {precision}: max |gpu - reference| = {error}");
        Assert.Contains(actual, v => v != 0f);
    }

    [SkippableFact]
    public void Fp16_weights_differ_from_fp32_weights_by_the_rounding_the_reference_models()
    {
        // Guards the fp16 comparison above from passing vacuously: the two precisions must give different outputs.
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        MlpConfig fp32 = s_configs["32-64-64-4"];
        float[] weights = TestData.MlpWeights(fp32, seed: 23);
        float[] inputs = TestData.Uniform(64 * fp32.InputWidth, -1f, 1f, seed: 24);
        float[] Run(MlpConfig config)
        {
            using var kernel = new FusedMlpKernel(device, config);
            using GpuBuffer w = kernel.CreateWeightBuffer(weights);
            using GpuBuffer input = device.CreateBuffer((long)inputs.Length * sizeof(float), BufferUsage.Storage);
            using GpuBuffer output = device.CreateBuffer(64L * config.OutputWidth * sizeof(float), BufferUsage.Storage);
            input.Upload<float>(inputs);
            kernel.Forward(w, input, output, 64);
            var result = new float[64 * config.OutputWidth];
            output.Download<float>(result);
            return result;
        }
        float difference = TestData.MaxAbsDifference(Run(fp32), Run(fp32 with { WeightPrecision = MlpWeightPrecision.Fp16 }));
        Assert.InRange(difference, 1e-5f, 1e-1f);
    }
}
