using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Train.AudioNetworks;
using Xunit.Abstractions;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Train.Tests.AudioNetworks;

/// <summary>
/// Finite-difference checks of the audio networks' hand-written backward passes on tiny configs. Every parameter
/// is checked (the nets are tiny); the step is 1e-3 and the worst error, as defined by
/// <see cref="GradientCheck.WorstRelativeError"/>, must stay below 1e-3.
/// </summary>
public class AudioNetBackwardTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-3;

    private static readonly AudioNetConfig Tiny = new()
    {
        MelBands = 5, WindowFrames = 4, ConvChannels = [3, 4], HiddenWidth = 6, OutputWidth = 7,
        AttentionFrames = 8, AttentionChannels = [4, 2, 1],
    };

    [Fact]
    public void AudioNet_parameter_gradient_matches_finite_differences()
    {
        var c = Tiny;
        var p = new float[c.ParameterCount];
        AvatarInitializer.AudioNet(c, p, 3);
        int n = 3;
        float[] windows = GradientCheck.RandomVector(n * c.WindowFloats, 4, 2f);
        float[] weights = GradientCheck.RandomVector(n * c.OutputWidth, 5);
        var codes = new float[n * c.OutputWidth];
        double Loss()
        {
            AudioNet.Forward(c, p, windows, codes);
            return GradientCheck.Dot(weights, codes);
        }

        var grad = new float[c.ParameterCount];
        AudioNetBackward.Backward(c, p, windows, weights, grad);
        int[] all = Enumerable.Range(0, c.ParameterCount).ToArray();
        double[] fd = GradientCheck.Central(p, all, 1e-3f, Loss);
        double worst = GradientCheck.WorstRelativeError(grad, all, fd);
        output.WriteLine($"AudioNet: {all.Length} parameters, worst error {worst:E2}");
        Assert.True(worst < Tolerance, $"worst error {worst}");
    }

    [Fact]
    public void AudioNet_gradient_accumulates_into_the_callers_buffer()
    {
        var c = Tiny;
        var p = new float[c.ParameterCount];
        AvatarInitializer.AudioNet(c, p, 3);
        float[] windows = GradientCheck.RandomVector(c.WindowFloats, 4);
        float[] g = GradientCheck.RandomVector(c.OutputWidth, 5);
        var once = new float[c.ParameterCount];
        AudioNetBackward.Backward(c, p, windows, g, once);
        var twice = new float[c.ParameterCount];
        AudioNetBackward.Backward(c, p, windows, g, twice);
        AudioNetBackward.Backward(c, p, windows, g, twice);
        for (int i = 0; i < once.Length; i++)
            Assert.Equal(2 * once[i], twice[i], 1e-6f);
        Assert.Contains(once, v => v != 0f);
    }

    [Fact]
    public void Attention_gradients_match_float64_finite_differences_for_parameters_and_codes()
    {
        var c = Tiny;
        var p = new float[c.AttentionParameterCount];
        AvatarInitializer.AudioAttention(c, p, 6);
        int n = 2, per = c.AttentionFrames * c.OutputWidth;
        float[] codes = GradientCheck.RandomVector(n * per, 7, 2f);
        float[] weights = GradientCheck.RandomVector(n * c.OutputWidth, 8);

        var gp = new float[c.AttentionParameterCount];
        var gx = new float[codes.Length];
        Array.Fill(gx, 123f); // must be overwritten, not added to
        AudioAttentionBackward.Backward(c, p, codes, weights, gp, gx);

        // The float32 forward's rounding noise divided by a 1e-3 step is ~1e-3 of the gradient (measured), so the
        // differences are taken on an independent float64 forward (Float64Attention) with a 1e-6 step instead.
        double[] pd = p.Select(v => (double)v).ToArray(), xd = codes.Select(v => (double)v).ToArray();
        double Loss()
        {
            double s = 0;
            for (int k = 0; k < n; k++)
            {
                double[] y = Float64Attention.Smoothed(c, pd, xd.AsSpan(k * per, per).ToArray());
                for (int j = 0; j < y.Length; j++)
                    s += weights[k * c.OutputWidth + j] * y[j];
            }
            return s;
        }
        double worstP = GradientCheck.WorstRelativeError(gp, Enumerable.Range(0, p.Length).ToArray(),
            GradientCheck.Central(pd, 1e-6, Loss));
        double worstX = GradientCheck.WorstRelativeError(gx, Enumerable.Range(0, codes.Length).ToArray(),
            GradientCheck.Central(xd, 1e-6, Loss));
        output.WriteLine($"AudioAttNet: {p.Length} parameters worst {worstP:E2}; {codes.Length} code inputs worst {worstX:E2}");
        Assert.True(worstP < Tolerance, $"parameters: worst error {worstP}");
        Assert.True(worstX < Tolerance, $"codes: worst error {worstX}");
    }

    [Fact]
    public void Float64_oracle_agrees_with_the_float32_forward()
    {
        var c = Tiny;
        var p = new float[c.AttentionParameterCount];
        AvatarInitializer.AudioAttention(c, p, 6);
        float[] codes = GradientCheck.RandomVector(c.AttentionFrames * c.OutputWidth, 7, 2f);
        var smoothed = new float[c.OutputWidth];
        AudioAttention.Forward(c, p, codes, smoothed, new float[c.AttentionFrames]);
        double[] y = Float64Attention.Smoothed(c, p.Select(v => (double)v).ToArray(), codes.Select(v => (double)v).ToArray());
        for (int j = 0; j < y.Length; j++)
            Assert.Equal(y[j], smoothed[j], 1e-5);
    }
}
