using System.IO.Compression;
using EdgeAvatar.Common;

namespace EdgeAvatar.Media.Images;

/// <summary>
/// Minimal PNG encoder (8-bit RGB or grey, filter "none" per row, zlib via <see cref="ZLibStream"/>) for debug views,
/// masks and the host's png: frame sink. Not tuned for size. Pixel buffers are row-major, top row first, tightly
/// packed (stride = width × bytes per pixel).
/// </summary>
public static class PngWriter
{
    /// <summary>PNG colour type 2: 3 bytes per pixel, R G B.</summary>
    public const byte Rgb = 2;
    /// <summary>PNG colour type 0: 1 byte per pixel, grey.</summary>
    public const byte Grey = 0;

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Writes an RGB24 image to <paramref name="path"/> atomically (temp sibling, then rename).</summary>
    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb24)
        => WriteFile(path, width, height, Rgb, rgb24);

    /// <summary>Writes an 8-bit grey image to <paramref name="path"/> atomically (temp sibling, then rename).</summary>
    public static void WriteGrey(string path, int width, int height, ReadOnlySpan<byte> grey)
        => WriteFile(path, width, height, Grey, grey);

    /// <summary>Writes a PNG; <paramref name="colourType"/> 2 = RGB (3 bytes/pixel), 0 = grey (1 byte/pixel).</summary>
    public static void Write(Stream stream, int width, int height, byte colourType, ReadOnlySpan<byte> pixels)
    {
        if (colourType is not (Rgb or Grey))
        {
            throw new ArgumentOutOfRangeException(nameof(colourType), colourType, "Only colour types 0 (grey) and 2 (RGB) are written.");
        }
        int bpp = colourType == Rgb ? 3 : 1;
        if (width <= 0 || height <= 0 || pixels.Length != (long)width * height * bpp)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, "PNG pixel buffer does not match its size.");
        }
        stream.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        WriteBe(ihdr, 0, (uint)width);
        WriteBe(ihdr, 4, (uint)height);
        ihdr[8] = 8;          // bit depth
        ihdr[9] = colourType; // colour type
        Chunk(stream, "IHDR", ihdr);
        using (var ms = new MemoryStream())
        {
            using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                int stride = width * bpp;
                for (int y = 0; y < height; y++)
                {
                    z.WriteByte(0); // filter: none
                    z.Write(pixels.Slice(y * stride, stride));
                }
            }
            Chunk(stream, "IDAT", ms.ToArray());
        }
        Chunk(stream, "IEND", []);
    }

    private static void WriteFile(string path, int width, int height, byte colourType, ReadOnlySpan<byte> pixels)
    {
        // Encode in memory first: AtomicFile takes a callback, which cannot capture a span.
        var ms = new MemoryStream();
        Write(ms, width, height, colourType, pixels);
        try
        {
            AtomicFile.Write(path, fs => ms.WriteTo(fs));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot write '{path}': {e.Message}", e);
        }
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        WriteBe(head, 0, (uint)data.Length);
        for (int i = 0; i < 4; i++)
        {
            head[4 + i] = (byte)type[i];
        }
        s.Write(head);
        s.Write(data);
        uint crc = 0xFFFFFFFFu;
        crc = Crc(crc, head.AsSpan(4, 4));
        crc = Crc(crc, data);
        var tail = new byte[4];
        WriteBe(tail, 0, crc ^ 0xFFFFFFFFu);
        s.Write(tail);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            t[n] = c;
        }
        return t;
    }

    private static void WriteBe(byte[] b, int o, uint v)
    {
        b[o] = (byte)(v >> 24);
        b[o + 1] = (byte)(v >> 16);
        b[o + 2] = (byte)(v >> 8);
        b[o + 3] = (byte)v;
    }
}
