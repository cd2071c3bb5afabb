using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Train.AudioNetworks;

namespace EdgeAvatar.Train.Tests.AudioNetworks;

/// <summary><see cref="MouthProbe"/>'s gradients against central finite differences of its own loss.</summary>
public sealed class MouthProbeTests
{
    private static readonly AudioNetConfig Config = AudioNetConfig.RadNerf with { OutputWidth = 6, MouthTargets = 3 };

    [Fact]
    public void Parameter_and_code_gradients_match_finite_differences()
    {
        var layer = Config.MouthProbe;
        float[] p = GradientCheck.RandomVector(layer.BiasOffset + layer.Out, 1);
        float[] code = GradientCheck.RandomVector(Config.OutputWidth, 2, 2f);
        float[] target = GradientCheck.RandomVector(layer.Out, 3);
        const float weight = 0.3f;
        var probe = new MouthProbe(Config);
        var gp = new float[p.Length];
        var gc = new float[code.Length];
        double loss = probe.Step(p, code, target, weight, gp, gc);
        Assert.True(loss > 0);

        double Loss() => new MouthProbe(Config).Step(p, code, target, weight, new float[p.Length], new float[code.Length]);
        int[] all = [.. Enumerable.Range(0, p.Length)];
        Assert.True(GradientCheck.WorstRelativeError(gp, all, GradientCheck.Central(p, all, 1e-3f, Loss)) < 1e-3, "parameters");
        int[] codeIdx = [.. Enumerable.Range(0, code.Length)];
        Assert.True(GradientCheck.WorstRelativeError(gc, codeIdx, GradientCheck.Central(code, codeIdx, 1e-3f, Loss)) < 1e-3, "code");
    }

    [Fact]
    public void Gradients_are_added_and_vanish_when_the_prediction_is_exact()
    {
        var layer = Config.MouthProbe;
        float[] p = GradientCheck.RandomVector(layer.BiasOffset + layer.Out, 4);
        float[] code = GradientCheck.RandomVector(Config.OutputWidth, 5);
        var exact = new float[layer.Out];
        AudioLayerMath.DenseForward(layer, p, code, exact, leaky: false, 0f);
        var gp = Enumerable.Repeat(1f, p.Length).ToArray();
        var gc = Enumerable.Repeat(2f, code.Length).ToArray();
        double loss = new MouthProbe(Config).Step(p, code, exact, 1f, gp, gc);
        Assert.Equal(0, loss, 10);
        Assert.All(gp, v => Assert.Equal(1f, v, 1e-6f));
        Assert.All(gc, v => Assert.Equal(2f, v, 1e-6f));
    }
}
