using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>A float64 port of <see cref="FusedMlpReference"/>'s forward (weights used as given, already rounded).</summary>
internal static class FusedMlpFloat64
{
    /// <summary>L = Σ G · forward(weights, inputs), in double.</summary>
    public static double Loss(MlpConfig config, double[] weights, double[] inputs, float[] outputGrad)
    {
        int n = inputs.Length / config.InputWidth;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double[] a = inputs.AsSpan(i * config.InputWidth, config.InputWidth).ToArray();
            for (int k = 0; k < config.LayerCount; k++)
            {
                int inW = config.LayerInputWidth(k), outW = config.LayerOutputWidth(k), off = config.LayerWeightOffset(k);
                MlpActivation act = k == config.HiddenLayers ? config.OutputActivation : config.Activation;
                var y = new double[outW];
                for (int o = 0; o < outW; o++)
                {
                    double s = 0;
                    for (int j = 0; j < inW; j++)
                        s += weights[off + o * inW + j] * a[j];
                    y[o] = act == MlpActivation.ReLU ? Math.Max(s, 0) : s;
                }
                a = y;
            }
            for (int o = 0; o < config.OutputWidth; o++)
                loss += outputGrad[i * config.OutputWidth + o] * a[o];
        }
        return loss;
    }
}
