namespace EdgeAvatar.Media;

/// <summary>
/// The one place decoded audio changes sample format. ffmpeg always delivers float (so its resampler runs in float
/// whatever the requested output — asking it for s16 directly resamples in integer precision and gives audibly
/// different values); s16 is derived here by round-to-nearest and clamping.
/// </summary>
internal static class PcmConversion
{
    public static short FloatToS16(float x) => (short)Math.Clamp(MathF.Round(x * 32768f), -32768f, 32767f);

    /// <summary>Converts whole little-endian f32 samples from <paramref name="f32"/> to s16 bytes; returns bytes written.</summary>
    public static int F32BytesToS16Bytes(ReadOnlySpan<byte> f32, Span<byte> s16)
    {
        int n = f32.Length / 4;
        for (int i = 0; i < n; i++)
        {
            float x = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(f32.Slice(4 * i, 4));
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(s16.Slice(2 * i, 2), FloatToS16(x));
        }
        return 2 * n;
    }
}
