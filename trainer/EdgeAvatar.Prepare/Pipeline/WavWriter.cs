namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>Writes 16-bit PCM mono RIFF/WAVE (the canonical 44-byte header), little-endian.</summary>
public static class WavWriter
{
    public static void Write(string path, ReadOnlySpan<short> samples, int sampleRate)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var w = new BinaryWriter(stream);
        int dataBytes = checked(samples.Length * 2);
        w.Write("RIFF"u8);
        w.Write(36 + dataBytes);
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(16);
        w.Write((short)1);          // PCM
        w.Write((short)1);          // mono
        w.Write(sampleRate);
        w.Write(sampleRate * 2);    // byte rate
        w.Write((short)2);          // block align
        w.Write((short)16);         // bits per sample
        w.Write("data"u8);
        w.Write(dataBytes);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples));
        w.Flush();
        stream.Flush(flushToDisk: true);
    }
}
