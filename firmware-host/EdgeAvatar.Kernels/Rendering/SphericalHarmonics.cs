namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Real spherical-harmonics encoding of a view direction, degree 4 = bands l = 0..3 = 16 coefficients, in
/// tiny-cuda-nn's order, signs and normalisation (orthonormal real SH on the sphere, Condon–Shortley phase folded
/// into the signs below; RAD-NeRF's shencoder uses the same table). Input: a unit direction (x, y, z) in world
/// coordinates. (tiny-cuda-nn itself takes (d + 1)/2 ∈ [0,1]³ and maps it back to d; we take d directly.)
/// <code>
///  0: 1/(2√π)                      1: −√3·y/(2√π)         2: √3·z/(2√π)          3: −√3·x/(2√π)
///  4: √15·xy/(2√π)                 5: −√15·yz/(2√π)       6: √5·(3z² − 1)/(4√π)  7: −√15·xz/(2√π)
///  8: √15·(x² − y²)/(4√π)          9: √70·y(−3x² + y²)/(8√π)                    10: √105·xyz/(2√π)
/// 11: √42·y(1 − 5z²)/(8√π)        12: √7·z(5z² − 3)/(4√π)                      13: √42·x(1 − 5z²)/(8√π)
/// 14: √105·z(x² − y²)/(4√π)       15: √70·x(−x² + 3y²)/(8√π)
/// </code>
/// Forward only: the direction is an input, nothing upstream of it is trained.
/// </summary>
public static class SphericalHarmonics
{
    /// <summary>Coefficients per direction.</summary>
    public const int Degree4Width = 16;

    // The constants of the table above, as tiny-cuda-nn writes them.
    /// <summary>Normalisation constants (public so shader generators and tests use the same literals).</summary>
    public const float C0 = 0.28209479177387814f, C1 = 0.48860251190291987f, C4 = 1.0925484305920792f,
        C6a = 0.94617469575755997f, C6b = 0.31539156525251999f, C8 = 0.54627421529603959f,
        C9 = 0.59004358992664352f, C10 = 2.8906114426405538f, C11 = 0.45704579946446572f,
        C12 = 0.3731763325901154f, C14 = 1.4453057213202769f;

    /// <summary>Encodes N directions (N × 3) into N × 16 coefficients, direction-major.</summary>
    public static void Encode(ReadOnlySpan<float> directions, Span<float> output)
    {
        if (directions.Length % 3 != 0) throw new ArgumentException("directions must be N × 3.", nameof(directions));
        int n = directions.Length / 3;
        if (output.Length != Degree4Width * n) throw new ArgumentException($"output needs {Degree4Width * n} floats.", nameof(output));
        for (int i = 0; i < n; i++)
            EncodeOne(directions[3 * i], directions[3 * i + 1], directions[3 * i + 2], output.Slice(Degree4Width * i, Degree4Width));
    }

    /// <summary>
    /// Per-sample encoding gathered from per-ray directions (all samples of a ray share its direction):
    /// output[s] = SH(directions[rayIndex[s]]). Encodes each ray once.
    /// </summary>
    public static void EncodeSamples(ReadOnlySpan<float> rayDirections, ReadOnlySpan<int> rayIndex, Span<float> output)
    {
        int rays = rayDirections.Length / 3;
        var perRay = new float[Degree4Width * rays];
        Encode(rayDirections, perRay);
        if (output.Length != Degree4Width * rayIndex.Length) throw new ArgumentException("output size.", nameof(output));
        for (int s = 0; s < rayIndex.Length; s++)
            perRay.AsSpan(Degree4Width * rayIndex[s], Degree4Width).CopyTo(output.Slice(Degree4Width * s, Degree4Width));
    }

    /// <summary>The 16 coefficients of one unit direction.</summary>
    public static void EncodeOne(float x, float y, float z, Span<float> o)
    {
        float xy = x * y, xz = x * z, yz = y * z, x2 = x * x, y2 = y * y, z2 = z * z;
        o[0] = C0;
        o[1] = -C1 * y;
        o[2] = C1 * z;
        o[3] = -C1 * x;
        o[4] = C4 * xy;
        o[5] = -C4 * yz;
        o[6] = C6a * z2 - C6b;
        o[7] = -C4 * xz;
        o[8] = C8 * (x2 - y2);
        o[9] = C9 * y * (-3f * x2 + y2);
        o[10] = C10 * xy * z;
        o[11] = C11 * y * (1f - 5f * z2);
        o[12] = C12 * z * (5f * z2 - 3f);
        o[13] = C11 * x * (1f - 5f * z2);
        o[14] = C14 * z * (x2 - y2);
        o[15] = C9 * x * (-x2 + 3f * y2);
    }
}
