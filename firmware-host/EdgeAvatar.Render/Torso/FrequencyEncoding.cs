namespace EdgeAvatar.Render.Torso;

/// <summary>
/// torch-ngp's frequency encoder (include_input, log-sampled bands, no π): for a D-vector x and n octaves the
/// output is [x, sin(2^0 x), cos(2^0 x), sin(2^1 x), cos(2^1 x), …, sin(2^(n−1) x), cos(2^(n−1) x)], each term a
/// D-vector — D + 2·D·n floats.
/// </summary>
public static class FrequencyEncoding
{
    /// <summary>Output width for a <paramref name="dims"/>-vector and <paramref name="octaves"/> octaves.</summary>
    public static int Width(int dims, int octaves) => dims + 2 * dims * octaves;

    /// <summary>Encodes one vector; <paramref name="output"/> is exactly <see cref="Width"/> floats.</summary>
    public static void Encode(ReadOnlySpan<float> x, int octaves, Span<float> output)
    {
        int d = x.Length;
        x.CopyTo(output);
        int o = d;
        float freq = 1f;
        for (int k = 0; k < octaves; k++, freq *= 2f)
        {
            for (int j = 0; j < d; j++)
                output[o + j] = MathF.Sin(freq * x[j]);
            o += d;
            for (int j = 0; j < d; j++)
                output[o + j] = MathF.Cos(freq * x[j]);
            o += d;
        }
    }
}
