namespace EdgeAvatar.Audio;

/// <summary>
/// The single s16 → float conversion used by every feature path (x / 32768, exact in float), so microphone s16 and
/// decoded s16 files give identical floats.
/// </summary>
public static class Pcm
{
    public const float S16Scale = 1f / 32768f;

    public static void ToFloat(ReadOnlySpan<short> source, Span<float> destination)
    {
        if (destination.Length < source.Length) throw new ArgumentException("Destination too short.", nameof(destination));
        for (int i = 0; i < source.Length; i++) destination[i] = source[i] * S16Scale;
    }

    /// <summary>Little-endian s16 bytes (ffmpeg's s16le, ALSA's S16_LE) to float; an odd trailing byte is an error.</summary>
    public static void S16LeBytesToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if ((source.Length & 1) != 0) throw new ArgumentException("s16le data must have an even byte count.", nameof(source));
        int n = source.Length / 2;
        if (destination.Length < n) throw new ArgumentException("Destination too short.", nameof(destination));
        for (int i = 0; i < n; i++)
            destination[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(source.Slice(2 * i, 2)) * S16Scale;
    }
}
