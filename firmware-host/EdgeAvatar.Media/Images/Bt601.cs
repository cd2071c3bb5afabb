namespace EdgeAvatar.Media.Images;

/// <summary>
/// RGB ↔ Y'CbCr after ITU-R BT.601 in <b>full range</b> (JFIF / "yuvj"): Y, Cb, Cr all span 0..255, Cb = Cr = 128 is
/// grey. This is what JPEG/JFIF specifies and what YUV4MPEG2's "420jpeg"/"444" streams written here declare via
/// "XCOLORRANGE=FULL"; decoders must not expand them as studio range (16..235).
/// Coefficients (exact BT.601 luma weights Kr = 0.299, Kb = 0.114):
/// Y = 0.299 R + 0.587 G + 0.114 B; Cb = 128 − 0.168736 R − 0.331264 G + 0.5 B; Cr = 128 + 0.5 R − 0.418688 G − 0.081312 B.
/// Integer versions use 16-bit fixed point with rounding; results are clamped to 0..255.
/// </summary>
public static class Bt601
{
    // Coefficients × 65536, rounded. Each row of the chroma matrix sums to 0, the luma row to 65536, so grey maps to
    // (v, 128, 128) exactly.
    private const int YR = 19595, YG = 38470, YB = 7471;
    private const int CbR = -11059, CbG = -21709, CbB = 32768;
    private const int CrR = 32768, CrG = -27439, CrB = -5329;
    private const int Half = 1 << 15;
    private const int Offset128 = 128 << 16;

    public static byte Luma(int r, int g, int b) => Clamp((YR * r + YG * g + YB * b + Half) >> 16);

    public static byte Cb(int r, int g, int b) => Clamp((CbR * r + CbG * g + CbB * b + Offset128 + Half) >> 16);

    public static byte Cr(int r, int g, int b) => Clamp((CrR * r + CrG * g + CrB * b + Offset128 + Half) >> 16);

    /// <summary>Inverse transform (for tests and previews): full-range Y'CbCr → RGB, clamped.</summary>
    public static (byte R, byte G, byte B) ToRgb(int y, int cb, int cr)
    {
        double u = cb - 128, v = cr - 128;
        return (Clamp((int)Math.Round(y + 1.402 * v)),
                Clamp((int)Math.Round(y - 0.344136 * u - 0.714136 * v)),
                Clamp((int)Math.Round(y + 1.772 * u)));
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
