using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Torso;

/// <summary>
/// Backward of <see cref="FrequencyEncoding.Encode"/> with respect to its input. With the output
/// [x, sin(2^0 x), cos(2^0 x), …, sin(2^(n−1) x), cos(2^(n−1) x)],
/// dL/dx_j = g_x,j + Σ_k 2^k (g_sin,k,j · cos(2^k x_j) − g_cos,k,j · sin(2^k x_j)). The sines and cosines are read
/// from the forward's own output, so the backward differentiates exactly the values the forward produced and needs
/// no x. Summed in float64; the input gradient is <b>added</b>.
/// </summary>
public static class FrequencyEncodingBackward
{
    /// <param name="encoded">The forward's output, <see cref="FrequencyEncoding.Width"/>(D, octaves) floats.</param>
    /// <param name="octaves">The forward's octaves.</param>
    /// <param name="gradEncoded">dL/d(output), as wide as <paramref name="encoded"/>.</param>
    /// <param name="gradX">dL/dx, D floats; <b>added</b>.</param>
    public static void Backward(ReadOnlySpan<float> encoded, int octaves, ReadOnlySpan<float> gradEncoded, Span<float> gradX)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(octaves);
        int d = gradX.Length;
        int width = FrequencyEncoding.Width(d, octaves);
        if (encoded.Length != width)
            throw new ArgumentException($"encoded has {encoded.Length} floats; {d} dims and {octaves} octaves give {width}.", nameof(encoded));
        if (gradEncoded.Length != width)
            throw new ArgumentException($"gradEncoded has {gradEncoded.Length} floats; expected {width}.", nameof(gradEncoded));
        for (int j = 0; j < d; j++)
        {
            double g = gradEncoded[j], freq = 1.0;
            for (int k = 0, o = d; k < octaves; k++, o += 2 * d, freq *= 2.0)
            {
                double sin = encoded[o + j], cos = encoded[o + d + j];
                g += freq * (gradEncoded[o + j] * cos - gradEncoded[o + d + j] * sin);
            }
            gradX[j] += (float)g;
        }
    }
}
