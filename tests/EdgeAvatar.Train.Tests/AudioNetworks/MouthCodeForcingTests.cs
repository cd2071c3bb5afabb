using EdgeAvatar.Train.AudioNetworks;

namespace EdgeAvatar.Train.Tests.AudioNetworks;

/// <summary><see cref="MouthCodeForcing"/>: what the field sees, and the gradient the audio network gets.</summary>
public sealed class MouthCodeForcingTests
{
    [Fact]
    public void A_forced_code_carries_the_recorded_measures_first_and_the_prediction_after()
    {
        float[] code = [0.5f, -1f, 2f, 3f, 4f];
        float[] target = [7f, 8f];
        var seen = new float[code.Length];
        MouthCodeForcing.Compose(code, target, force: true, seen);
        Assert.Equal([7f, 8f, 2f, 3f, 4f], seen);
        MouthCodeForcing.Compose(code, target, force: false, seen);
        Assert.Equal(code, seen);
    }

    [Fact]
    public void Regression_gradient_matches_finite_differences()
    {
        float[] code = GradientCheck.RandomVector(6, 11, 2f);
        float[] target = GradientCheck.RandomVector(3, 12);
        const float weight = 0.3f;
        var g = new float[code.Length];
        double loss = MouthCodeForcing.Backward(code, target, forced: false, weight, g);
        Assert.True(loss > 0);
        double Loss() => MouthCodeForcing.Backward(code, target, false, weight, new float[code.Length]);
        int[] all = [.. Enumerable.Range(0, code.Length)];
        Assert.True(GradientCheck.WorstRelativeError(g, all, GradientCheck.Central(code, all, 1e-3f, Loss)) < 1e-3);
        Assert.All(g[3..], v => Assert.Equal(0f, v)); // only the mouth entries are regressed
    }

    [Fact]
    public void A_forced_step_drops_the_fields_gradient_on_the_mouth_entries_only()
    {
        float[] code = [1f, 2f, 3f, 4f];
        float[] target = [1f, 2f]; // exact prediction: the regression adds nothing
        float[] forced = [5f, 6f, 7f, 8f], free = [5f, 6f, 7f, 8f];
        MouthCodeForcing.Backward(code, target, forced: true, 1f, forced);
        MouthCodeForcing.Backward(code, target, forced: false, 1f, free);
        Assert.Equal([0f, 0f, 7f, 8f], forced);
        Assert.Equal([5f, 6f, 7f, 8f], free);
    }

    [Fact]
    public void More_measures_than_code_entries_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => MouthCodeForcing.Compose(new float[2], new float[3], true, new float[2]));
        Assert.Contains("do not fit", ex.Message);
    }
}
