using System.Buffers.Binary;

namespace EdgeAvatar.Audio;

/// <summary>
/// Writes 16-bit PCM mono RIFF/WAVE with the canonical 44-byte header, little-endian whatever the host: the form every
/// decoder here (ffmpeg) reads. One writer for the dataset's audio, eval's clips and run --say's speech.
/// </summary>
public static class WavWriter
{
    /// <summary>Creates <paramref name="path"/> (it must not exist) and flushes it to disk before returning.</summary>
    public static void Write(string path, ReadOnlySpan<short> samples, int sampleRate)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        Write(stream, samples, sampleRate);
        stream.Flush(flushToDisk: true);
    }

    public static void Write(Stream stream, ReadOnlySpan<short> samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int dataBytes = checked(samples.Length * 2);
        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * 2); // byte rate
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2); // block align
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16); // bits per sample
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
        stream.Write(header);
        var bytes = new byte[dataBytes];
        for (int i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        stream.Write(bytes);
    }
}
