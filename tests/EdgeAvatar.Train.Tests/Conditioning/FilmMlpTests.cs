using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Train.Conditioning;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.Conditioning;

/// <summary>
/// <see cref="FilmMlpReference"/> and <see cref="FilmMlpBackward"/> against an independent float64 forward
/// (<see cref="Float64FilmMlp"/>) and its central differences, and a tiny case worked by hand. The network is
/// piecewise linear in each weight, input and shift and linear in each scale, so h = 1e-6 in float64 has no
/// truncation error away from ReLU kinks (pre-activations are O(1), seeds fixed); what remains is the float32
/// arithmetic of the code under test, ≈ 1e-6 relative, hence a 1e-4 tolerance against |fd| + rms(fd).
/// </summary>
public class FilmMlpTests
{
    private static readonly Dictionary<string, MlpConfig> s_configs = new()
    {
        ["5-8-8-3 ReLU"] = new() { InputWidth = 5, HiddenWidth = 8, HiddenLayers = 2, OutputWidth = 3 },
        ["4-6x3-2 ReLU"] = new() { InputWidth = 4, HiddenWidth = 6, HiddenLayers = 3, OutputWidth = 2 },
        ["3-5-4 no activation"] = new() { InputWidth = 3, HiddenWidth = 5, HiddenLayers = 1, OutputWidth = 4, Activation = MlpActivation.None },
    };

    public static TheoryData<string> Configs() => [.. s_configs.Keys];

    [Theory]
    [MemberData(nameof(Configs))]
    public void Forward_matches_a_float64_reference(string name)
    {
        MlpConfig c = s_configs[name];
        (float[] w, float[] film, float[] x, _) = Problem(c, 9, 11);
        var y = new float[9 * c.OutputWidth];
        FilmMlpReference.Forward(c, w, film, x, y, []);
        double[] expected = Float64FilmMlp.Forward(c, D(w), D(film), D(x));
        for (int i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"{name}: y[{i}] = {y[i]}, float64 {expected[i]}.");
    }

    [Fact]
    public void An_all_zero_film_vector_gives_the_fused_mlp_bit_for_bit()
    {
        MlpConfig c = s_configs["5-8-8-3 ReLU"];
        (float[] w, _, float[] x, _) = Problem(c, 300, 3);
        var film = new float[FilmMlpReference.FilmFloats(c)];
        var y = new float[300 * c.OutputWidth];
        var plain = new float[y.Length];
        FilmMlpReference.Forward(c, w, film, x, y, []);
        FusedMlpReference.Forward(c, w, x, plain);
        Assert.Equal(plain, y);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Backward_matches_central_differences_of_the_float64_forward(string name)
    {
        MlpConfig c = s_configs[name];
        const int n = 7;
        (float[] w, float[] film, float[] x, float[] g) = Problem(c, n, 21);
        var hidden = new float[n * FilmMlpReference.HiddenFloats(c)];
        FilmMlpReference.Forward(c, w, film, x, new float[n * c.OutputWidth], hidden);
        var wg = new float[w.Length];
        var fg = new float[film.Length];
        var ig = new float[x.Length];
        FilmMlpBackward.Backward(c, w, film, x, hidden, g, wg, fg, ig);

        double[] wd = D(w), fd = D(film), xd = D(x);
        double Loss() => Dot(g, Float64FilmMlp.Forward(c, wd, fd, xd));
        Check(name + " weights", wg, GradientCheck.Central(wd, 1e-6, Loss));
        Check(name + " film", fg, GradientCheck.Central(fd, 1e-6, Loss));
        Check(name + " inputs", ig, GradientCheck.Central(xd, 1e-6, Loss));
    }

    /// <summary>
    /// 1 → 1 → 1 with W0 = 2, W1 = 3, x = 0.5, scale = 0.5, shift = −2: a = ReLU(1) = 1, h = 1·1.5 − 2 = −0.5,
    /// y = −1.5. With dL/dy = 1: dW1 = h = −0.5; g = W1 = 3; dscale = g·a = 3; dshift = 3; δ = g·(1 + scale)·[a &gt; 0]
    /// = 4.5 (the mask reads a, not the negative h); dW0 = δ·x = 2.25; dx = δ·W0 = 9.
    /// </summary>
    [Fact]
    public void Tiny_case_worked_by_hand()
    {
        var c = new MlpConfig { InputWidth = 1, HiddenWidth = 1, HiddenLayers = 1, OutputWidth = 1 };
        float[] w = [2f, 3f], film = [0.5f, -2f], x = [0.5f];
        var y = new float[1];
        var hidden = new float[1];
        FilmMlpReference.Forward(c, w, film, x, y, hidden);
        Assert.Equal(-1.5f, y[0]);
        Assert.Equal(1f, hidden[0]);

        var wg = new float[2];
        var fg = new float[2];
        var ig = new float[1];
        FilmMlpBackward.Backward(c, w, film, x, hidden, [1f], wg, fg, ig);
        Assert.Equal([2.25f, -0.5f], wg);
        Assert.Equal([3f, 3f], fg);
        Assert.Equal([9f], ig);
    }

    private static void Check(string what, float[] analytic, double[] fd)
    {
        int[] all = Enumerable.Range(0, fd.Length).ToArray();
        double worst = GradientCheck.WorstRelativeError(analytic, all, fd);
        Assert.True(worst < 1e-4, $"{what}: worst relative error {worst:G3}.");
    }

    private static (float[] W, float[] Film, float[] X, float[] G) Problem(MlpConfig c, int n, int seed) => (
        GradientCheck.RandomVector(c.ParameterCount, seed, 0.7f),
        GradientCheck.RandomVector(FilmMlpReference.FilmFloats(c), seed + 1, 0.5f),
        GradientCheck.RandomVector(n * c.InputWidth, seed + 2),
        GradientCheck.RandomVector(n * c.OutputWidth, seed + 3));

    private static double[] D(float[] v) => v.Select(f => (double)f).ToArray();

    private static double Dot(float[] g, double[] y)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
            s += g[i] * y[i];
        return s;
    }
}
