using System.Buffers.Binary;

namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// Writes synthesised speech as a canonical 44-byte-header PCM WAV (mono s16 little-endian), the form every decoder
/// here (ffmpeg) reads: how run --say hands its speech to the file path that renders and muxes it.
/// </summary>
public static class SpeechWav
{
    public static void Write(Stream stream, ReadOnlySpan<short> pcm, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int dataBytes = checked(pcm.Length * 2);
        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
        stream.Write(header);
        var bytes = new byte[dataBytes];
        for (int i = 0; i < pcm.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), pcm[i]);
        stream.Write(bytes);
    }
}
