using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Train.Kernels.Networks;

using EdgeAvatar.Kernels.Tests;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>
/// <see cref="FusedMlpBackwardReference"/> against central differences of a float64 port of the forward.
/// The network is piecewise linear in each weight and input (ReLU/identity, no bias), so a step h = 1e-5 has no
/// truncation error unless a pre-activation lies within ~1e-5 of 0 (probability ~1e-5 per unit with O(1)
/// activations; seeds are fixed). What remains is the float arithmetic of the reference: dot products of ≤ 16
/// terms and sums over 12 points, ≈ 1e-6 relative, hence <see cref="Tolerance"/> 1e-4 relative to |fd| + RMS(fd).
/// </summary>
public class FusedMlpBackwardReferenceTests
{
    private const double Tolerance = 1e-4;

    private static readonly Dictionary<string, MlpConfig> s_configs = new()
    {
        ["5-8-8-3 ReLU"] = new() { InputWidth = 5, HiddenWidth = 8, HiddenLayers = 2, OutputWidth = 3 },
        ["7-13x3-5 output ReLU"] = new() { InputWidth = 7, HiddenWidth = 13, HiddenLayers = 3, OutputWidth = 5, OutputActivation = MlpActivation.ReLU },
        ["4-6-2 no activation"] = new() { InputWidth = 4, HiddenWidth = 6, HiddenLayers = 1, OutputWidth = 2, Activation = MlpActivation.None },
        ["single linear layer 3-4"] = new() { InputWidth = 3, HiddenLayers = 0, OutputWidth = 4 },
        ["6-16-16-3 fp16 weights"] = new() { InputWidth = 6, HiddenWidth = 16, HiddenLayers = 2, OutputWidth = 3, WeightPrecision = MlpWeightPrecision.Fp16 },
    };

    public static TheoryData<string> Configs() => [.. s_configs.Keys];

    internal sealed record Problem(MlpConfig Config, float[] Weights, float[] Inputs, float[] OutputGrad)
    {
        public static Problem Create(MlpConfig config, int points, int seed) => new(config,
            TestData.MlpWeights(config, seed),
            TestData.Uniform(points * config.InputWidth, -1f, 1f, seed + 1),
            TestData.Uniform(points * config.OutputWidth, -1f, 1f, seed + 2));

        public (float[] Weights, float[] Inputs) Backward()
        {
            var wg = new float[Weights.Length];
            var ig = new float[Inputs.Length];
            FusedMlpBackwardReference.Backward(Config, Weights, Inputs, OutputGrad, wg, ig);
            return (wg, ig);
        }

        /// <summary>The weights the forward really uses (fp16-rounded for Fp16 configs), widened to double.</summary>
        private double[] EffectiveWeights() => Config.WeightPrecision == MlpWeightPrecision.Fp16
            ? Weights.Select(w => (double)(float)(Half)w).ToArray()
            : FiniteDifference.ToDouble(Weights);

        public double WeightError(float[] wg)
        {
            double[] x = FiniteDifference.ToDouble(Inputs);
            int[] all = Enumerable.Range(0, Weights.Length).ToArray();
            double[] fd = FiniteDifference.Central(EffectiveWeights(), all, 1e-5, w => FusedMlpFloat64.Loss(Config, w, x, OutputGrad));
            return FiniteDifference.WorstRelativeError(wg, all, fd);
        }

        public double InputError(float[] ig)
        {
            double[] w = EffectiveWeights();
            int[] all = Enumerable.Range(0, Inputs.Length).ToArray();
            double[] fd = FiniteDifference.Central(FiniteDifference.ToDouble(Inputs), all, 1e-5, x => FusedMlpFloat64.Loss(Config, w, x, OutputGrad));
            return FiniteDifference.WorstRelativeError(ig, all, fd);
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Weight_gradient_matches_central_differences(string name)
    {
        var problem = Problem.Create(s_configs[name], points: 12, seed: 31);
        (float[] wg, _) = problem.Backward();
        Assert.Contains(wg, v => v != 0f);
        double error = problem.WeightError(wg);
        Assert.True(error <= Tolerance, $"{name}: worst relative weight-gradient error {error:E2}");
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Input_gradient_matches_central_differences(string name)
    {
        var problem = Problem.Create(s_configs[name], points: 12, seed: 41);
        (_, float[] ig) = problem.Backward();
        double error = problem.InputError(ig);
        Assert.True(error <= Tolerance, $"{name}: worst relative input-gradient error {error:E2}");
    }

    [Fact]
    public void A_one_percent_error_in_a_single_gradient_entry_fails_the_check()
    {
        var problem = Problem.Create(s_configs["5-8-8-3 ReLU"], points: 12, seed: 51);
        (float[] wg, float[] ig) = problem.Backward();
        int k = Array.FindIndex(wg, v => v != 0f);
        wg[k] *= 1.01f;
        ig[3] *= 1.01f;
        Assert.True(problem.WeightError(wg) > Tolerance);
        Assert.True(problem.InputError(ig) > Tolerance);
    }

    [Fact]
    public void Weight_gradients_are_added_and_input_gradients_overwritten()
    {
        var problem = Problem.Create(s_configs["5-8-8-3 ReLU"], points: 10, seed: 61);
        (float[] once, float[] igOnce) = problem.Backward();
        float[] wg = [.. once];
        float[] ig = Enumerable.Repeat(7f, igOnce.Length).ToArray();
        FusedMlpBackwardReference.Backward(problem.Config, problem.Weights, problem.Inputs, problem.OutputGrad, wg, ig);
        for (int i = 0; i < once.Length; i++)
            Assert.Equal(2f * once[i], wg[i]);
        Assert.Equal(igOnce, ig);
    }

    [Fact]
    public void Results_do_not_depend_on_thread_scheduling()
    {
        var problem = Problem.Create(MlpConfig.RadNerfSigma, points: 3000, seed: 71);
        (float[] a, float[] ia) = problem.Backward();
        (float[] b, float[] ib) = problem.Backward();
        Assert.Equal(a, b);
        Assert.Equal(ia, ib);
    }
}
