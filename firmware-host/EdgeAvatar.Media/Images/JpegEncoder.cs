using EdgeAvatar.Common;

namespace EdgeAvatar.Media.Images;

/// <summary>
/// Baseline sequential JPEG (JFIF 1.01) encoder for rgb24 frames, used by the host's MJPEG preview.
/// Y'CbCr is BT.601 full range (<see cref="Bt601"/>), chroma subsampled 4:2:0 by averaging 2×2 pixels (MCU 16×16:
/// four Y blocks, one Cb, one Cr). Quantisation: Annex K tables scaled by <see cref="Quality"/>; entropy coding with the
/// Annex K standard Huffman tables (no optimisation pass). Frames of any size ≥ 1×1: edge MCUs replicate the last
/// row/column. Instances are immutable and thread-safe; each call allocates only its output.
/// </summary>
public sealed class JpegEncoder
{
    private static readonly JpegHuffmanCode DcLuma = new(JpegTables.DcLuminanceBits, JpegTables.DcLuminanceValues);
    private static readonly JpegHuffmanCode AcLuma = new(JpegTables.AcLuminanceBits, JpegTables.AcLuminanceValues);
    private static readonly JpegHuffmanCode DcChroma = new(JpegTables.DcChrominanceBits, JpegTables.DcChrominanceValues);
    private static readonly JpegHuffmanCode AcChroma = new(JpegTables.AcChrominanceBits, JpegTables.AcChrominanceValues);

    private readonly byte[] _lumaQuant;   // natural order
    private readonly byte[] _chromaQuant; // natural order

    /// <param name="quality">1 (smallest) … 100 (best); 75–90 is typical for previews.</param>
    public JpegEncoder(int quality = 85)
    {
        if (quality is < 1 or > 100)
            throw new EdgeAvatarException(ExitCodes.Usage, $"JPEG quality must be 1..100, got {quality}.");
        Quality = quality;
        _lumaQuant = JpegTables.ScaledQuant(JpegTables.LuminanceQuant, quality);
        _chromaQuant = JpegTables.ScaledQuant(JpegTables.ChrominanceQuant, quality);
    }

    public int Quality { get; }

    public byte[] Encode(ReadOnlySpan<byte> rgb24, int width, int height)
    {
        using var ms = new MemoryStream(width * height / 4 + 1024);
        Encode(ms, rgb24, width, height);
        return ms.ToArray();
    }

    /// <summary>Writes one complete JPEG (SOI … EOI) of the row-major rgb24 frame to <paramref name="output"/>.</summary>
    public void Encode(Stream output, ReadOnlySpan<byte> rgb24, int width, int height)
    {
        if (width is <= 0 or > 65535 || height is <= 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(width), $"JPEG frame size {width}x{height} must be 1..65535.");
        if (rgb24.Length != width * height * 3)
            throw new ArgumentException($"Frame must be {width}x{height}x3 = {width * height * 3} bytes, got {rgb24.Length}.", nameof(rgb24));

        WriteHeaders(output, width, height);
        var bits = new JpegBitWriter(output);
        Span<float> block = stackalloc float[64];
        Span<float> cb = stackalloc float[64];
        Span<float> cr = stackalloc float[64];
        int dcY = 0, dcCb = 0, dcCr = 0;
        for (int my = 0; my < height; my += 16)
            for (int mx = 0; mx < width; mx += 16)
            {
                for (int by = 0; by < 16; by += 8)
                    for (int bx = 0; bx < 16; bx += 8)
                    {
                        LoadLuma(rgb24, width, height, mx + bx, my + by, block);
                        dcY = EncodeBlock(bits, block, _lumaQuant, dcY, DcLuma, AcLuma);
                    }
                LoadChroma(rgb24, width, height, mx, my, cb, cr);
                dcCb = EncodeBlock(bits, cb, _chromaQuant, dcCb, DcChroma, AcChroma);
                dcCr = EncodeBlock(bits, cr, _chromaQuant, dcCr, DcChroma, AcChroma);
            }
        bits.Flush();
        output.Write([0xFF, 0xD9]); // EOI
    }

    /// <summary>Level-shifted luma of the 8×8 block at (x0, y0), edges replicated.</summary>
    private static void LoadLuma(ReadOnlySpan<byte> rgb, int w, int h, int x0, int y0, Span<float> block)
    {
        for (int y = 0; y < 8; y++)
        {
            int row = Math.Min(y0 + y, h - 1) * w;
            for (int x = 0; x < 8; x++)
            {
                int o = (row + Math.Min(x0 + x, w - 1)) * 3;
                block[y * 8 + x] = Bt601.Luma(rgb[o], rgb[o + 1], rgb[o + 2]) - 128;
            }
        }
    }

    /// <summary>Level-shifted Cb/Cr of the 16×16 MCU at (x0, y0), each sample the mean of a 2×2 pixel quad.</summary>
    private static void LoadChroma(ReadOnlySpan<byte> rgb, int w, int h, int x0, int y0, Span<float> cb, Span<float> cr)
    {
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
            {
                int sb = 0, sr = 0;
                for (int dy = 0; dy < 2; dy++)
                {
                    int row = Math.Min(y0 + 2 * y + dy, h - 1) * w;
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int o = (row + Math.Min(x0 + 2 * x + dx, w - 1)) * 3;
                        sb += Bt601.Cb(rgb[o], rgb[o + 1], rgb[o + 2]);
                        sr += Bt601.Cr(rgb[o], rgb[o + 1], rgb[o + 2]);
                    }
                }
                cb[y * 8 + x] = sb / 4f - 128;
                cr[y * 8 + x] = sr / 4f - 128;
            }
    }

    /// <summary>DCT, quantise, and Huffman-code one block; returns its DC value (the predictor for the next block).</summary>
    private static int EncodeBlock(JpegBitWriter bits, Span<float> block, byte[] quant, int previousDc,
        JpegHuffmanCode dcCode, JpegHuffmanCode acCode)
    {
        ForwardDct8x8.Transform(block);
        Span<int> q = stackalloc int[64]; // zig-zag order
        for (int k = 0; k < 64; k++)
        {
            int n = JpegTables.ZigZag[k];
            q[k] = (int)MathF.Round(block[n] / quant[n], MidpointRounding.AwayFromZero);
        }
        int dc = Math.Clamp(q[0], -2047, 2047);
        int diff = dc - previousDc;
        int size = Magnitude(diff);
        dcCode.Write(bits, size);
        bits.WriteBits(AmplitudeBits(diff, size), size);

        int run = 0;
        for (int k = 1; k < 64; k++)
        {
            int v = Math.Clamp(q[k], -1023, 1023);
            if (v == 0) { run++; continue; }
            while (run > 15) { acCode.Write(bits, 0xF0); run -= 16; } // ZRL: sixteen zeros
            int s = Magnitude(v);
            acCode.Write(bits, (run << 4) | s);
            bits.WriteBits(AmplitudeBits(v, s), s);
            run = 0;
        }
        if (run > 0) acCode.Write(bits, 0x00); // EOB
        return dc;
    }

    /// <summary>SSSS category: the number of bits of |v| (0 for 0).</summary>
    private static int Magnitude(int v)
    {
        int a = Math.Abs(v), n = 0;
        while (a > 0) { n++; a >>= 1; }
        return n;
    }

    /// <summary>T.81 F.1.2.1: negative values are sent as v − 1 in <paramref name="size"/> bits (ones' complement).</summary>
    private static int AmplitudeBits(int v, int size) => v >= 0 ? v : v + (1 << size) - 1;

    private void WriteHeaders(Stream s, int width, int height)
    {
        s.Write([0xFF, 0xD8]); // SOI
        s.Write([0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // APP0 JFIF 1.01, 1:1 aspect
        WriteQuant(s, 0, _lumaQuant);
        WriteQuant(s, 1, _chromaQuant);
        s.Write([0xFF, 0xC0, 0, 17, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3,
            1, 0x22, 0,   // Y: 2×2 sampling, quant table 0
            2, 0x11, 1,   // Cb: 1×1, table 1
            3, 0x11, 1]); // Cr
        WriteHuffman(s, 0x00, DcLuma);
        WriteHuffman(s, 0x10, AcLuma);
        WriteHuffman(s, 0x01, DcChroma);
        WriteHuffman(s, 0x11, AcChroma);
        s.Write([0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]); // SOS: Ss=0, Se=63, Ah/Al=0
    }

    private static void WriteQuant(Stream s, byte id, byte[] natural)
    {
        s.Write([0xFF, 0xDB, 0, 67, id]);
        for (int k = 0; k < 64; k++) s.WriteByte(natural[JpegTables.ZigZag[k]]); // DQT is in zig-zag order
    }

    private static void WriteHuffman(Stream s, byte classAndId, JpegHuffmanCode code)
    {
        int length = 2 + 1 + 16 + code.Values.Length;
        s.Write([0xFF, 0xC4, (byte)(length >> 8), (byte)length, classAndId]);
        s.Write(code.Bits);
        s.Write(code.Values);
    }
}
