using EdgeAvatar.Render.AudioNetworks;

namespace EdgeAvatar.Train.Tests.AudioNetworks;

/// <summary>
/// An independent float64 AudioAttNet forward, written from RAD-NeRF's module description (Conv1d k 3 pad 1 over
/// the frame axis with channels = code dims, LeakyReLU after each conv, Linear(frames, frames), softmax, weighted
/// sum) with explicit indexing into the documented parameter layout; used as the finite-difference oracle.
/// </summary>
internal static class Float64Attention
{
    public static double[] Smoothed(AudioNetConfig c, double[] p, double[] codes)
    {
        int frames = c.AttentionFrames, d = c.OutputWidth, channels = d, at = 0;
        var x = new double[channels, frames];
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < d; j++)
                x[j, t] = codes[t * d + j];
        foreach (int outC in c.AttentionChannels)
        {
            var y = new double[outC, frames];
            int biasAt = at + outC * channels * 3;
            for (int o = 0; o < outC; o++)
                for (int t = 0; t < frames; t++)
                {
                    double s = p[biasAt + o];
                    for (int i = 0; i < channels; i++)
                        for (int k = 0; k < 3; k++)
                        {
                            int src = t - 1 + k;
                            if (src >= 0 && src < frames)
                                s += p[at + (o * channels + i) * 3 + k] * x[i, src];
                        }
                    y[o, t] = s > 0 ? s : c.LeakySlope * (double)s;
                }
            at = biasAt + outC;
            x = y;
            channels = outC;
        }
        var z = new double[frames];
        for (int o = 0; o < frames; o++)
        {
            z[o] = p[at + frames * frames + o];
            for (int i = 0; i < frames; i++)
                z[o] += p[at + o * frames + i] * x[0, i];
        }
        double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
        var result = new double[d];
        for (int t = 0; t < frames; t++)
        {
            double w = Math.Exp(z[t] - max) / sum;
            for (int j = 0; j < d; j++)
                result[j] += w * codes[t * d + j];
        }
        return result;
    }
}
