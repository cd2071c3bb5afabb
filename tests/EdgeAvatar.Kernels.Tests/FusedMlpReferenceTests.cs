using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Kernels.Tests;

/// <summary>The C# MLP reference against values computed by hand, independent of any shader.</summary>
public class FusedMlpReferenceTests
{
    // 2 → 2 (ReLU) → 1; layer 0 rows [1, −1], [2, 0.5]; layer 1 row [1, −3].
    private static readonly MlpConfig s_tiny = new() { InputWidth = 2, HiddenWidth = 2, HiddenLayers = 1, OutputWidth = 1 };
    private static readonly float[] s_tinyWeights = [1f, -1f, 2f, 0.5f, 1f, -3f];

    private static float[] Run(MlpConfig config, float[] weights, params float[] inputs)
    {
        var outputs = new float[inputs.Length / config.InputWidth * config.OutputWidth];
        FusedMlpReference.Forward(config, weights, inputs, outputs);
        return outputs;
    }

    [Fact]
    public void Hidden_relu_and_linear_output_match_hand_computation()
    {
        // (1, 2): h = relu(−1, 3) = (0, 3) → −9.   (3, 1): h = (2, 6.5) → 2 − 19.5 = −17.5.
        Assert.Equal([-9f, -17.5f], Run(s_tiny, s_tinyWeights, 1f, 2f, 3f, 1f));
    }

    [Fact]
    public void Output_relu_clamps_negative_outputs()
    {
        var config = s_tiny with { OutputActivation = MlpActivation.ReLU };
        Assert.Equal([0f, 0f], Run(config, s_tinyWeights, 1f, 2f, 3f, 1f));
    }

    [Fact]
    public void No_hidden_activation_keeps_negative_hidden_values()
    {
        var config = s_tiny with { Activation = MlpActivation.None };
        // (1, 2): h = (−1, 3) → −1 − 9 = −10.
        Assert.Equal([-10f], Run(config, s_tinyWeights, 1f, 2f));
    }

    [Fact]
    public void Fp16_weights_are_rounded_to_the_nearest_half()
    {
        var linear = new MlpConfig { InputWidth = 1, HiddenLayers = 0, OutputWidth = 1 };
        Assert.Equal([0.1f], Run(linear, [0.1f], 1f));
        // 0.1 in binary16 is 1638/16384 = 0.0999755859375.
        Assert.Equal([0.0999755859375f], Run(linear with { WeightPrecision = MlpWeightPrecision.Fp16 }, [0.1f], 1f));
    }

    [Fact]
    public void Many_points_give_the_same_result_as_one_at_a_time()
    {
        var config = new MlpConfig { InputWidth = 7, HiddenWidth = 13, HiddenLayers = 3, OutputWidth = 5 };
        float[] w = TestData.MlpWeights(config, seed: 1);
        float[] inputs = TestData.Uniform(7 * 1000, -1f, 1f, seed: 2);
        float[] all = Run(config, w, inputs);
        for (int i = 0; i < 1000; i += 97)
            Assert.Equal(all.AsSpan(i * 5, 5).ToArray(), Run(config, w, inputs.AsSpan(i * 7, 7).ToArray()));
    }

    [Fact]
    public void Wrong_weight_count_is_rejected_with_the_expected_count()
    {
        var e = Assert.Throws<ArgumentException>(() => Run(s_tiny, new float[5], 1f, 2f));
        Assert.Contains("6", e.Message, StringComparison.Ordinal);
    }
}
