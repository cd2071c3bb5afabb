using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Train.Tests.Conditioning;

/// <summary>
/// Independent float64 forward of a FiLM-conditioned bias-free MLP, written from the formula
/// h_{l+1} = act(W_l h_l) ⊙ (1 + scale_l) + shift_l, y = W_L h_L, with the FiLM layout [l][scales | shifts] and the
/// weight layout [layer][out][in]. Fp32 weights only.
/// </summary>
internal static class Float64FilmMlp
{
    public static double[] Forward(MlpConfig c, double[] w, double[] film, double[] inputs)
    {
        int n = inputs.Length / c.InputWidth, hw = c.HiddenWidth;
        var y = new double[n * c.OutputWidth];
        for (int p = 0; p < n; p++)
        {
            double[] h = inputs.Skip(p * c.InputWidth).Take(c.InputWidth).ToArray();
            int offset = 0;
            for (int layer = 0; layer <= c.HiddenLayers; layer++)
            {
                int inW = h.Length, outW = layer == c.HiddenLayers ? c.OutputWidth : hw;
                var z = new double[outW];
                for (int o = 0; o < outW; o++)
                    for (int i = 0; i < inW; i++)
                        z[o] += w[offset + o * inW + i] * h[i];
                offset += inW * outW;
                if (layer == c.HiddenLayers)
                {
                    Array.Copy(z, 0, y, p * c.OutputWidth, outW);
                    break;
                }
                for (int j = 0; j < outW; j++)
                {
                    double a = c.Activation == MlpActivation.ReLU ? Math.Max(z[j], 0) : z[j];
                    z[j] = a * (1 + film[2 * layer * hw + j]) + film[(2 * layer + 1) * hw + j];
                }
                h = z;
            }
        }
        return y;
    }
}
