using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Testing;

namespace EdgeAvatar.Kernels.Tests;

/// <summary>
/// mlp_forward.comp with FILM = 1 (R2-Talker's FiLM after every hidden activation) on the shared validated device
/// against <see cref="FilmMlpReference"/>.
/// </summary>
[Collection(GpuCollection.Name)]
public class FilmMlpKernelTests
{
    // FiLM scales of up to 1.8 amplify the fused kernel's rounding (1e-5 there) through the layers.
    private const float Tolerance = 1e-4f;

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
        // The r2talker sigma MLP's shape: [spatial, eye] in, two hidden layers, geometry + density out.
        ["sigma-like 25-64-64-16"] = new() { InputWidth = 25, HiddenWidth = 64, HiddenLayers = 2, OutputWidth = 16 },
        // A hidden width that is not a multiple of 4: the last activation block has padded lanes.
        ["odd widths 7-13-13-13-5"] = new() { InputWidth = 7, HiddenWidth = 13, HiddenLayers = 3, OutputWidth = 5 },
        ["one hidden layer, output ReLU 9-16-3"] = new()
        {
            InputWidth = 9, HiddenWidth = 16, HiddenLayers = 1, OutputWidth = 3, OutputActivation = MlpActivation.ReLU,
        },
        ["no hidden activation 9-16-16-2"] = new()
        {
            InputWidth = 9, HiddenWidth = 16, HiddenLayers = 2, OutputWidth = 2, Activation = MlpActivation.None,
        },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Gpu_film_forward_matches_the_film_reference(string name, MlpWeightPrecision precision)
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        MlpConfig config = s_configs[name] with { WeightPrecision = precision };
        const int n = 333; // not a multiple of the workgroup size
        float[] weights = TestData.MlpWeights(config, seed: 31);
        float[] inputs = TestData.Uniform(n * config.InputWidth, -1f, 1f, seed: 32);
        int filmFloats = FilmMlpReference.FilmFloats(config);
        float[] film = TestData.Uniform(filmFloats, -0.8f, 0.8f, seed: 33);
        // The FiLM binding holds more than the vector (the renderer binds its whole frame buffer): NaNs after it make a
        // read past the vector (e.g. into a padded lane) poison the outputs.
        float[] bound = [.. film, .. Enumerable.Repeat(float.NaN, 7)];

        var expected = new float[n * config.OutputWidth];
        FilmMlpReference.Forward(config, weights, film, inputs, expected, []);
        var plain = new float[expected.Length];
        FusedMlpReference.Forward(config, weights, inputs, plain);

        using var kernel = new FusedMlpKernel(device, config, film: true);
        using GpuBuffer w = kernel.CreateWeightBuffer(weights);
        using GpuBuffer input = device.CreateBuffer((long)inputs.Length * sizeof(float), BufferUsage.Storage);
        using GpuBuffer output = device.CreateBuffer((long)expected.Length * sizeof(float), BufferUsage.Storage);
        using GpuBuffer filmBuffer = device.CreateBuffer((long)bound.Length * sizeof(float), BufferUsage.Storage);
        input.Upload<float>(inputs);
        output.Upload<float>(Enumerable.Repeat(float.NaN, expected.Length).ToArray());
        filmBuffer.Upload<float>(bound);
        kernel.Forward(w, input, output, n, filmBuffer);
        var actual = new float[expected.Length];
        output.Download<float>(actual);

        float error = TestData.MaxAbsDifference(expected, actual);
        Assert.True(error <= Tolerance, $"{name} {precision}: max |gpu - reference| = {error}");
        // Not vacuous: this FiLM vector moves the outputs far beyond the tolerance.
        float filmEffect = TestData.MaxAbsDifference(expected, plain);
        Assert.True(filmEffect > 0.05f, $"{name}: FiLM changes the reference by only {filmEffect}");
    }

    [SkippableFact]
    public void A_film_kernel_needs_a_whole_film_vector_and_a_plain_kernel_takes_none()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        MlpConfig config = s_configs["odd widths 7-13-13-13-5"];
        float[] weights = TestData.MlpWeights(config, seed: 34);
        using var film = new FusedMlpKernel(device, config, film: true);
        using var plain = new FusedMlpKernel(device, config);
        using GpuBuffer w = film.CreateWeightBuffer(weights);
        using GpuBuffer input = device.CreateBuffer(4L * config.InputWidth * sizeof(float), BufferUsage.Storage);
        using GpuBuffer output = device.CreateBuffer(4L * config.OutputWidth * sizeof(float), BufferUsage.Storage);
        using GpuBuffer shortFilm = device.CreateBuffer((FilmMlpReference.FilmFloats(config) - 1) * sizeof(float), BufferUsage.Storage);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        Assert.Contains("FiLM buffer", Assert.Throws<ArgumentException>(() => film.Record(list, w, input, output, 4)).Message);
        Assert.Contains("film", Assert.Throws<ArgumentException>(() => film.Record(list, w, input, output, 4, shortFilm)).Message);
        Assert.Contains("no FiLM", Assert.Throws<ArgumentException>(() => plain.Record(list, w, input, output, 4, shortFilm)).Message);
        Assert.Throws<ArgumentException>(() => new FusedMlpKernel(device, new MlpConfig { InputWidth = 4, HiddenLayers = 0, OutputWidth = 2 }, film: true));
        list.End();
    }
}
