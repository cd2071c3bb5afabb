using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Train.ErNerf;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary><see cref="RegionAttention"/> worked by hand, and <see cref="RegionAttentionBackward"/> by central differences.</summary>
public class RegionAttentionTests
{
    /// <summary>Hidden layers on both MLPs, so ReLU masks and the sigmoid are exercised.</summary>
    private static readonly RegionAttentionConfig s_withHidden = new()
    {
        SpatialWidth = 6, AudioWidth = 4, AudioHidden = 5, AudioHiddenLayers = 1, EyeWidth = 2, EyeHidden = 3,
        EyeHiddenLayers = 1,
    };

    /// <summary>
    /// Linear attention (no hidden layer), spatial width 2: W_α = [[1, 2], [3, −1]], s = (0.5, 1) → α = (2.5, 0.5);
    /// audio (2, −4) → (5, −2). W_β = [2, −1] → logit 0 → β = 0.5; eye 0.8 → 0.4. A second point s = (0, 0) gets
    /// α = 0 and β = 0.5: no audio at all, half the eye.
    /// </summary>
    [Fact]
    public void Linear_attention_worked_by_hand()
    {
        var attention = new RegionAttention(new RegionAttentionConfig
        {
            SpatialWidth = 2, AudioWidth = 2, AudioHiddenLayers = 0, EyeWidth = 1, EyeHiddenLayers = 0,
        });
        float[] audioWeights = [1f, 2f, 3f, -1f];
        float[] eyeWeights = [2f, -1f];
        float[] spatial = [0.5f, 1f, 0f, 0f];
        var output = new float[6];

        attention.Forward(audioWeights, eyeWeights, spatial, [2f, -4f], [0.8f], output);

        Assert.Equal([5f, -2f, 0.4f, 0f, 0f, 0.4f], output);
    }

    /// <summary>
    /// Every gradient (both MLPs' weights, the spatial features, the audio code, the eye feature) against central
    /// differences of a float64 loss Σ G·output, step 1e-3, with hidden layers so ReLU masks and the sigmoid are
    /// exercised; tolerance 2e-3 against |fd| + rms(fd). The buffers start non-zero to check that gradients are added.
    /// </summary>
    [Fact]
    public void Gradients_match_central_differences()
    {
        var config = s_withHidden;
        var attention = new RegionAttention(config);
        const int n = 7;
        float[] audioWeights = GradientCheck.RandomVector(config.AudioMlp.ParameterCount, 31, 0.8f);
        float[] eyeWeights = GradientCheck.RandomVector(config.EyeMlp.ParameterCount, 32, 0.8f);
        float[] spatial = GradientCheck.RandomVector(n * config.SpatialWidth, 33);
        float[] audio = GradientCheck.RandomVector(config.AudioWidth, 34);
        float[] eye = GradientCheck.RandomVector(config.EyeWidth, 35);
        float[] outputGrad = GradientCheck.RandomVector(n * config.OutputWidth, 36);

        const float start = 0.25f;
        float[] Filled(int length) => Enumerable.Repeat(start, length).ToArray();
        float[] audioWeightGrad = Filled(audioWeights.Length), eyeWeightGrad = Filled(eyeWeights.Length);
        float[] spatialGrad = Filled(spatial.Length), audioGrad = Filled(audio.Length), eyeGrad = Filled(eye.Length);
        RegionAttentionBackward.Backward(attention, audioWeights, eyeWeights, spatial, audio, eye, outputGrad,
            audioWeightGrad, eyeWeightGrad, spatialGrad, audioGrad, eyeGrad);

        var output = new float[outputGrad.Length];
        double Loss()
        {
            attention.Forward(audioWeights, eyeWeights, spatial, audio, eye, output);
            return GradientCheck.Dot(outputGrad, output);
        }
        foreach ((string name, float[] x, float[] grad) in new[]
        {
            ("audio weights", audioWeights, audioWeightGrad), ("eye weights", eyeWeights, eyeWeightGrad),
            ("spatial", spatial, spatialGrad), ("audio", audio, audioGrad), ("eye", eye, eyeGrad),
        })
        {
            int[] all = Enumerable.Range(0, x.Length).ToArray();
            double[] fd = GradientCheck.Central(x, all, 1e-3f, Loss);
            float[] added = grad.Select(v => v - start).ToArray();
            double worst = GradientCheck.WorstRelativeError(added, all, fd);
            Assert.True(worst < 2e-3, $"{name}: worst relative error {worst:G3}.");
            Assert.True(fd.Count(v => Math.Abs(v) > 1e-3) > x.Length / 2, $"{name}: too few non-zero gradients to mean anything");
        }
    }

    /// <summary>
    /// The outside-face penalty's path: with an extra dL/d‖α[n]‖ = h[n], the audio MLP's weights and the spatial
    /// features get the gradient of Σ G·output + Σ h[n]·‖α[n]‖ (float64 central differences, as above). ‖α‖ is taken
    /// from the forward's own α: output[n, j] / a_j for the audio code a, which is nowhere 0 here.
    /// </summary>
    [Fact]
    public void The_attention_norm_penalty_adds_the_gradient_of_the_weighted_norms()
    {
        var config = s_withHidden;
        var attention = new RegionAttention(config);
        const int n = 7;
        float[] audioWeights = GradientCheck.RandomVector(config.AudioMlp.ParameterCount, 41, 0.8f);
        float[] eyeWeights = GradientCheck.RandomVector(config.EyeMlp.ParameterCount, 42, 0.8f);
        float[] spatial = GradientCheck.RandomVector(n * config.SpatialWidth, 43);
        float[] audio = [0.7f, -1.1f, 0.9f, 1.3f];
        float[] eye = GradientCheck.RandomVector(config.EyeWidth, 45);
        float[] outputGrad = GradientCheck.RandomVector(n * config.OutputWidth, 46);
        float[] normGrad = [0.5f, 0f, 1.5f, 0f, 2f, 0.25f, 0f]; // outside-face points carry w/K, the others 0

        var audioWeightGrad = new float[audioWeights.Length];
        var spatialGrad = new float[spatial.Length];
        RegionAttentionBackward.Backward(attention, audioWeights, eyeWeights, spatial, audio, eye, outputGrad,
            audioWeightGrad, new float[eyeWeights.Length], spatialGrad, [], [], normGrad);

        var output = new float[outputGrad.Length];
        double Loss()
        {
            attention.Forward(audioWeights, eyeWeights, spatial, audio, eye, output);
            double loss = GradientCheck.Dot(outputGrad, output);
            for (int i = 0; i < n; i++)
            {
                double sq = 0;
                for (int j = 0; j < config.AudioWidth; j++)
                {
                    double alpha = output[i * config.OutputWidth + j] / (double)audio[j];
                    sq += alpha * alpha;
                }
                loss += normGrad[i] * Math.Sqrt(sq);
            }
            return loss;
        }
        foreach ((string name, float[] x, float[] grad) in new[] { ("audio weights", audioWeights, audioWeightGrad), ("spatial", spatial, spatialGrad) })
        {
            int[] all = Enumerable.Range(0, x.Length).ToArray();
            double[] fd = GradientCheck.Central(x, all, 1e-3f, Loss);
            double worst = GradientCheck.WorstRelativeError(grad, all, fd);
            Assert.True(worst < 2e-3, $"{name}: worst relative error {worst:G3}.");
        }
    }
}
