namespace EdgeAvatar.Media.Images;

/// <summary>
/// Straightforward separable 8×8 forward DCT-II with the JPEG normalisation (T.81 A.3.3):
/// F(u,v) = ¼ C(u) C(v) Σ f(x,y) cos((2x+1)uπ/16) cos((2y+1)vπ/16), C(0) = 1/√2, else 1.
/// Input: level-shifted samples (−128..127) in row-major order; output in the same layout (row = v, column = u).
/// Not the fastest (AAN would be) but exact to float precision, which keeps the encoder easy to trust.
/// </summary>
internal static class ForwardDct8x8
{
    // Basis[u * 8 + x] = ½ C(u) cos((2x+1)uπ/16): one 1-D pass; two passes give the ¼ C(u) C(v) factor.
    private static readonly float[] Basis = BuildBasis();

    public static void Transform(Span<float> block)
    {
        Span<float> tmp = stackalloc float[64];
        for (int y = 0; y < 8; y++)          // rows: x → u
            for (int u = 0; u < 8; u++)
            {
                float s = 0;
                for (int x = 0; x < 8; x++) s += block[y * 8 + x] * Basis[u * 8 + x];
                tmp[y * 8 + u] = s;
            }
        for (int u = 0; u < 8; u++)          // columns: y → v
            for (int v = 0; v < 8; v++)
            {
                float s = 0;
                for (int y = 0; y < 8; y++) s += tmp[y * 8 + u] * Basis[v * 8 + y];
                block[v * 8 + u] = s;
            }
    }

    private static float[] BuildBasis()
    {
        var b = new float[64];
        for (int u = 0; u < 8; u++)
            for (int x = 0; x < 8; x++)
                b[u * 8 + x] = (float)(0.5 * (u == 0 ? 1 / Math.Sqrt(2) : 1) * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        return b;
    }
}
