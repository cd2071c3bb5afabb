using EdgeAvatar.Train.Kernels.Optimizers;

using EdgeAvatar.Kernels.Tests;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary><see cref="CpuAdam"/> against a float64 transcription of PyTorch's Adam formula.</summary>
public class CpuAdamTests
{
    [Fact]
    public void Steps_follow_the_pytorch_adam_formula_with_bias_correction_and_l2()
    {
        var config = new AdamConfig { WeightDecay = 0.01f };
        const int n = 64;
        float[] p = TestData.Uniform(n, -1f, 1f, 1), m = new float[n], v = new float[n];
        double[] pd = FiniteDifference.ToDouble(p), md = new double[n], vd = new double[n];
        AdamParameterGroup[] groups = [new(0, n, 0.05f)];
        for (int t = 1; t <= 4; t++)
        {
            float[] g = TestData.Uniform(n, -1f, 1f, 10 + t);
            CpuAdam.Step(config, groups, t, p, g, m, v);
            for (int i = 0; i < n; i++)
            {
                double gi = g[i] + 0.01 * pd[i];
                md[i] = 0.9 * md[i] + 0.1 * gi;
                vd[i] = 0.99 * vd[i] + 0.01 * gi * gi;
                double mhat = md[i] / (1 - Math.Pow(0.9, t)), vhat = vd[i] / (1 - Math.Pow(0.99, t));
                pd[i] -= 0.05 * mhat / (Math.Sqrt(vhat) + 1e-15);
            }
        }
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(p[i] - pd[i]) <= 1e-5 * Math.Max(1, Math.Abs(pd[i])), $"[{i}] {p[i]} vs {pd[i]}");
    }

    [Fact]
    public void The_first_step_moves_each_parameter_by_about_the_learning_rate_against_its_gradient()
    {
        float[] p = [1f, 1f, 1f], g = [3f, -0.001f, 0f], m = new float[3], v = new float[3];
        CpuAdam.Step(new AdamConfig(), [new(0, 3, 0.1f)], 1, p, g, m, v);
        Assert.Equal(0.9f, p[0], 5);
        Assert.Equal(1.1f, p[1], 5);
        Assert.Equal(1f, p[2]); // zero gradient: m = 0 → no move (ε keeps 0/0 away)
    }

    [Fact]
    public void Overlapping_groups_are_rejected()
    {
        float[] p = new float[10], g = new float[10], m = new float[10], v = new float[10];
        Assert.Throws<ArgumentException>(() => CpuAdam.Step(new AdamConfig(), [new(0, 6, 1f), new(5, 5, 1f)], 1, p, g, m, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuAdam.Step(new AdamConfig(), [new(5, 6, 1f)], 1, p, g, m, v));
    }
}
