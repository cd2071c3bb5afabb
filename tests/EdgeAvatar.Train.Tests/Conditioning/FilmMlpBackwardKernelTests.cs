using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Testing;
using EdgeAvatar.Train.Conditioning;
using EdgeAvatar.Train.Kernels.Networks;

namespace EdgeAvatar.Train.Tests.Conditioning;

/// <summary>
/// network/mlp_backward.comp with FILM = 1 on the shared validated device against <see cref="FilmMlpBackward"/>
/// (itself checked against float64 central differences in <see cref="FilmMlpTests"/>): weight, FiLM-vector and input
/// gradients. The GPU sums with float atomics in another order, so each gradient is compared to 1e-3 of its largest
/// entry.
/// </summary>
[Collection(GpuCollection.Name)]
public class FilmMlpBackwardKernelTests
{
    private static readonly Dictionary<string, MlpConfig> s_configs = new()
    {
        ["sigma-like 25-64-64-16"] = new() { InputWidth = 25, HiddenWidth = 64, HiddenLayers = 2, OutputWidth = 16 },
        // A hidden width that is not a multiple of 4: padded lanes in every hidden block and FiLM gradient block.
        ["odd widths 7-13-13-13-5"] = new() { InputWidth = 7, HiddenWidth = 13, HiddenLayers = 3, OutputWidth = 5 },
        ["no hidden activation 9-16-16-2"] = new()
        {
            InputWidth = 9, HiddenWidth = 16, HiddenLayers = 2, OutputWidth = 2, Activation = MlpActivation.None,
        },
    };

    public static TheoryData<string> Configs() => [.. s_configs.Keys];

    [SkippableTheory]
    [MemberData(nameof(Configs))]
    public void Gpu_film_backward_matches_the_csharp_film_backward(string name)
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        MlpConfig c = s_configs[name];
        const int n = 333; // several workgroups, the last one partial
        var rng = new Random(41);
        float[] Uniform(int count, float range) => [.. Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1) * range)];
        float[] w = Uniform(c.ParameterCount, 0.4f), x = Uniform(n * c.InputWidth, 1f), g = Uniform(n * c.OutputWidth, 1f);
        int ff = FilmMlpReference.FilmFloats(c);
        // Shifts of ±0.8 turn some active units negative after FiLM: the mask must come from the pre-FiLM activation.
        float[] film = Uniform(ff, 0.8f);

        var hidden = new float[n * FilmMlpReference.HiddenFloats(c)];
        FilmMlpReference.Forward(c, w, film, x, new float[n * c.OutputWidth], hidden);
        var wgRef = new float[w.Length];
        var fgRef = new float[ff];
        var igRef = new float[x.Length];
        FilmMlpBackward.Backward(c, w, film, x, hidden, g, wgRef, fgRef, igRef);

        var wg = new float[w.Length];
        var fg = new float[ff];
        var ig = new float[x.Length];
        using (var forward = new FusedMlpKernel(device, c, film: true))
        using (var kernel = new FusedMlpBackwardKernel(device, c, film: true))
        using (GpuBuffer packed = forward.CreateWeightBuffer(w))
        using (GpuBuffer inputs = Floats(device, x))
        using (GpuBuffer outputGrad = Floats(device, g))
        using (GpuBuffer filmBuffer = Floats(device, [.. film, float.NaN, float.NaN, float.NaN]))
        using (GpuBuffer weightGrad = Floats(device, new float[w.Length]))
        using (GpuBuffer filmGrad = Floats(device, new float[ff + 3]))
        using (GpuBuffer inputGrad = Floats(device, new float[x.Length]))
        {
            kernel.Backward(packed, inputs, outputGrad, weightGrad, inputGrad, n, filmBuffer, filmGrad);
            weightGrad.Download<float>(wg);
            var fgAll = new float[ff + 3];
            filmGrad.Download<float>(fgAll);
            Assert.Equal([0f, 0f, 0f], fgAll[ff..]); // nothing past the vector's gradient
            fgAll.AsSpan(0, ff).CopyTo(fg);
            inputGrad.Download<float>(ig);
        }

        AssertClose(name + " weights", wgRef, wg);
        AssertClose(name + " FiLM vector", fgRef, fg);
        AssertClose(name + " inputs", igRef, ig);
        // Not vacuous: the FiLM gradient is far from zero in both halves (scales and shifts) of every layer.
        int h = c.HiddenWidth;
        for (int part = 0; part < 2 * c.HiddenLayers; part++)
            Assert.True(fgRef.AsSpan(part * h, h).ToArray().Max(MathF.Abs) > 0.1f, $"{name}: FiLM gradient part {part} is near zero");
    }

    private static GpuBuffer Floats(ComputeDevice device, float[] data)
    {
        GpuBuffer b = device.CreateBuffer((long)data.Length * sizeof(float), BufferUsage.Storage);
        b.Upload<float>(data);
        return b;
    }

    private static void AssertClose(string what, float[] expected, float[] actual)
    {
        float scale = expected.Max(MathF.Abs), err = 0;
        for (int i = 0; i < expected.Length; i++) err = MathF.Max(err, MathF.Abs(expected[i] - actual[i]));
        Assert.True(scale > 0f, $"{what}: reference gradient is zero");
        Assert.True(err <= 1e-3f * scale, $"{what}: max |gpu - reference| {err} against max |reference| {scale}");
    }
}
