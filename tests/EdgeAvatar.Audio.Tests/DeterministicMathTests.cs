namespace EdgeAvatar.Audio.Tests;

public class DeterministicMathTests
{
    [Fact]
    public void Log_and_exp_agree_with_the_platform_to_double_precision()
    {
        foreach (double x in new[] { 1e-300, 1e-10, 0.001, 0.5, 0.70710678, 1, 1.5, 2, 10, 6.4, 12345.678, 1e200 })
            Assert.Equal(Math.Log(x), DeterministicMath.Log(x), 1e-13 * Math.Max(1, Math.Abs(Math.Log(x))));
        foreach (double x in new[] { -700, -20, -1, -0.3, 0, 0.3, 1, 5.5, 20, 700 })
            Assert.Equal(1.0, DeterministicMath.Exp(x) / Math.Exp(x), 1e-13);
    }

    [Fact]
    public void Log_of_non_positive_is_nan_and_subnormals_work()
    {
        Assert.True(double.IsNaN(DeterministicMath.Log(0)));
        Assert.True(double.IsNaN(DeterministicMath.Log(-1)));
        Assert.Equal(Math.Log(double.Epsilon), DeterministicMath.Log(double.Epsilon), 1e-10);
    }

    [Fact]
    public void Sin_and_cos_agree_with_the_platform_over_a_full_turn()
    {
        for (int i = -64; i <= 64; i++)
        {
            double x = i * Math.PI / 32;
            Assert.Equal(Math.Sin(x), DeterministicMath.Sin(x), 1e-14);
            Assert.Equal(Math.Cos(x), DeterministicMath.Cos(x), 1e-14);
        }
    }
}
