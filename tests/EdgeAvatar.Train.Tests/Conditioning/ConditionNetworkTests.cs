using EdgeAvatar.Render.Conditioning;
using EdgeAvatar.Train.Conditioning;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.Conditioning;

/// <summary>
/// <see cref="ConditionNetwork"/> and <see cref="ConditionNetworkBackward"/> against an independent float64 forward
/// (dense layers with bias, ReLU between, written here from the documented layout) and its central differences
/// (h = 1e-6; piecewise linear, so exact away from kinks; tolerance 1e-4), and a tiny case by hand.
/// </summary>
public class ConditionNetworkTests
{
    private static readonly Dictionary<string, ConditionNetworkConfig> s_configs = new()
    {
        ["6 -> 5 -> 5 -> 2x(3+3)"] = new() { InputWidth = 6, HiddenWidth = 5, HiddenLayers = 2, FilmLayers = 2, FilmWidth = 3 },
        ["7 -> 4 -> 3x(2+2)"] = new() { InputWidth = 7, HiddenWidth = 4, HiddenLayers = 1, FilmLayers = 3, FilmWidth = 2 },
        ["linear 5 -> 1x(4+4)"] = new() { InputWidth = 5, HiddenLayers = 0, FilmLayers = 1, FilmWidth = 4 },
    };

    public static TheoryData<string> Configs() => [.. s_configs.Keys];

    [Theory]
    [MemberData(nameof(Configs))]
    public void Forward_matches_and_backward_matches_central_differences_of_a_float64_forward(string name)
    {
        var network = new ConditionNetwork(s_configs[name]);
        ConditionNetworkConfig c = network.Config;
        float[] p = GradientCheck.RandomVector(network.ParameterCount, 31, 0.8f);
        float[] x = GradientCheck.RandomVector(c.InputWidth, 32);
        float[] g = GradientCheck.RandomVector(c.OutputWidth, 33);
        var film = new float[c.OutputWidth];
        var hidden = new float[network.HiddenFloats];
        network.Forward(p, x, film, hidden);

        double[] pd = p.Select(v => (double)v).ToArray(), xd = x.Select(v => (double)v).ToArray();
        double[] expected = Float64Forward(c, pd, xd);
        for (int i = 0; i < film.Length; i++)
            Assert.True(Math.Abs(film[i] - expected[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"{name}: film[{i}] = {film[i]}, float64 {expected[i]}.");

        var pg = new float[p.Length];
        var ig = new float[x.Length];
        ConditionNetworkBackward.Backward(network, p, x, hidden, g, pg, ig);
        double Loss()
        {
            double[] y = Float64Forward(c, pd, xd);
            double s = 0;
            for (int i = 0; i < y.Length; i++)
                s += g[i] * y[i];
            return s;
        }
        Check(name + " parameters", pg, GradientCheck.Central(pd, 1e-6, Loss));
        Check(name + " input", ig, GradientCheck.Central(xd, 1e-6, Loss));
    }

    /// <summary>
    /// 1 → 1 → (1 scale + 1 shift): W0 = 2, b0 = −0.5, W1 = (3, −1)ᵀ, b1 = (0.1, 0.2), x = 1: a = ReLU(1.5) = 1.5,
    /// film = (4.6, −1.3). With dL/dfilm = (1, 2): dW1 = (1.5, 3), db1 = (1, 2), g = 3·1 − 1·2 = 1, δ = 1 (a &gt; 0),
    /// dW0 = δ·x = 1, db0 = 1, dx = δ·W0 = 2. Parameters in layout order: W0, b0, W1, b1.
    /// </summary>
    [Fact]
    public void Tiny_case_worked_by_hand()
    {
        var network = new ConditionNetwork(new ConditionNetworkConfig { InputWidth = 1, HiddenWidth = 1, HiddenLayers = 1, FilmLayers = 1, FilmWidth = 1 });
        float[] p = [2f, -0.5f, 3f, -1f, 0.1f, 0.2f];
        var film = new float[2];
        var hidden = new float[1];
        network.Forward(p, [1f], film, hidden);
        Assert.Equal(4.6f, film[0], 6);
        Assert.Equal(-1.3f, film[1], 6);

        var pg = new float[6];
        var ig = new float[1];
        ConditionNetworkBackward.Backward(network, p, [1f], hidden, [1f, 2f], pg, ig);
        Assert.Equal([1f, 1f, 1.5f, 3f, 1f, 2f], pg);
        Assert.Equal([2f], ig);
    }

    private static double[] Float64Forward(ConditionNetworkConfig c, double[] p, double[] x)
    {
        double[] h = x;
        int offset = 0;
        for (int k = 0; k <= c.HiddenLayers; k++)
        {
            int outW = k == c.HiddenLayers ? c.OutputWidth : c.HiddenWidth, inW = h.Length;
            var z = new double[outW];
            for (int o = 0; o < outW; o++)
            {
                z[o] = p[offset + inW * outW + o];
                for (int i = 0; i < inW; i++)
                    z[o] += p[offset + o * inW + i] * h[i];
                if (k < c.HiddenLayers)
                    z[o] = Math.Max(z[o], 0);
            }
            offset += inW * outW + outW;
            h = z;
        }
        Assert.Equal(p.Length, offset);
        return h;
    }

    private static void Check(string what, float[] analytic, double[] fd)
    {
        int[] all = Enumerable.Range(0, fd.Length).ToArray();
        double worst = GradientCheck.WorstRelativeError(analytic, all, fd);
        Assert.True(worst < 1e-4, $"{what}: worst relative error {worst:G3}.");
    }
}
