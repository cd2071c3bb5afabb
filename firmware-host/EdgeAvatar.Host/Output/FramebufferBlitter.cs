namespace EdgeAvatar.Host.Output;

/// <summary>
/// Converts an rgb24 frame into a framebuffer's pixel format and draws it centred and letterboxed: scaled by the
/// largest factor that fits (nearest neighbour; integer factors give exact pixel replication), black bars around.
/// Channel packing: each 8-bit value keeps its top `length` bits, shifted to `offset`; alpha bits (if any) are set
/// (opaque). Pixels are stored little-endian, 2–4 bytes. Built once per (frame size, layout); <see cref="Draw"/>
/// then only reads lookup tables. Not thread-safe.
/// </summary>
internal sealed class FramebufferBlitter
{
    private readonly FramebufferLayout _layout;
    private readonly uint[] _red = new uint[256], _green = new uint[256], _blue = new uint[256];
    private readonly uint _alpha;
    private readonly int[] _sourceX; // per destination column of the image area: source column
    private readonly int[] _sourceY; // per destination row of the image area: source row
    private readonly uint[] _packedRow; // one source row in the screen's pixel format (Draw's scratch)

    public FramebufferBlitter(FramebufferLayout layout, int frameWidth, int frameHeight)
    {
        _layout = layout;
        for (int v = 0; v < 256; v++)
        {
            _red[v] = Pack(v, layout.Red);
            _green[v] = Pack(v, layout.Green);
            _blue[v] = Pack(v, layout.Blue);
        }
        _alpha = layout.Alpha.Length == 0 ? 0 : ((1u << layout.Alpha.Length) - 1) << layout.Alpha.Offset;
        double scale = Math.Min((double)layout.Width / frameWidth, (double)layout.Height / frameHeight);
        int w = Math.Clamp((int)Math.Floor(frameWidth * scale + 1e-9), 1, layout.Width);
        int h = Math.Clamp((int)Math.Floor(frameHeight * scale + 1e-9), 1, layout.Height);
        ImageArea = ((layout.Width - w) / 2, (layout.Height - h) / 2, w, h);
        _sourceX = new int[w];
        _sourceY = new int[h];
        for (int x = 0; x < w; x++) _sourceX[x] = Math.Min(frameWidth - 1, (int)((x + 0.5) * frameWidth / w));
        for (int y = 0; y < h; y++) _sourceY[y] = Math.Min(frameHeight - 1, (int)((y + 0.5) * frameHeight / h));
        _packedRow = new uint[frameWidth];
        FrameWidth = frameWidth;
        FrameHeight = frameHeight;
    }

    public int FrameWidth { get; }
    public int FrameHeight { get; }

    /// <summary>Where the image lands on screen (pixels of the visible area); the rest is the black letterbox.</summary>
    public (int X, int Y, int Width, int Height) ImageArea { get; }

    /// <summary>The packed pixel value of an RGB colour in this layout (alpha bits set).</summary>
    public uint PackColour(byte r, byte g, byte b) => _red[r] | _green[g] | _blue[b] | _alpha;

    /// <summary>Fills the whole visible area with opaque black (the letterbox); done once, the image area is then overwritten each frame.</summary>
    public void Clear(Span<byte> memory)
    {
        int bpp = _layout.BytesPerPixel, rowBytes = _layout.Width * bpp;
        for (int y = 0; y < _layout.Height; y++)
        {
            Span<byte> row = memory.Slice((int)(_layout.Origin + (long)y * _layout.LineLength), rowBytes);
            for (int x = 0; x < _layout.Width; x++) Store(row.Slice(x * bpp, bpp), _alpha);
        }
    }

    /// <summary>Draws <paramref name="rgb24"/> (FrameWidth × FrameHeight × 3) into the image area of <paramref name="memory"/>.</summary>
    /// <remarks>
    /// Scaling is nearest neighbour, so each source row is packed once (FrameWidth lookups, not one per screen pixel)
    /// and spread over the screen row through the column map; a screen row showing the same source row as the one
    /// above it (about half of them when a 512² frame fills 1080 lines) is a copy of that row.
    /// </remarks>
    public void Draw(ReadOnlySpan<byte> rgb24, Span<byte> memory)
    {
        if (rgb24.Length != FrameWidth * FrameHeight * 3)
            throw new ArgumentException($"Frame must be {FrameWidth}x{FrameHeight}x3 bytes, got {rgb24.Length}.", nameof(rgb24));
        var (ax, ay, aw, ah) = ImageArea;
        int bpp = _layout.BytesPerPixel;
        Span<uint> packed = _packedRow;
        Span<byte> previous = default;
        int previousSource = -1;
        for (int y = 0; y < ah; y++)
        {
            Span<byte> dst = memory.Slice((int)(_layout.Origin + (long)(ay + y) * _layout.LineLength + (long)ax * bpp), aw * bpp);
            int sy = _sourceY[y];
            if (sy == previousSource)
            {
                previous.CopyTo(dst);
                continue;
            }
            ReadOnlySpan<byte> src = rgb24.Slice(sy * FrameWidth * 3, FrameWidth * 3);
            for (int x = 0, s = 0; x < packed.Length; x++, s += 3)
                packed[x] = _red[src[s]] | _green[src[s + 1]] | _blue[src[s + 2]] | _alpha;
            if (bpp == 4 && BitConverter.IsLittleEndian)
            {
                Span<uint> words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(dst);
                for (int x = 0; x < aw; x++) words[x] = packed[_sourceX[x]];
            }
            else
            {
                for (int x = 0; x < aw; x++) Store(dst.Slice(x * bpp, bpp), packed[_sourceX[x]]);
            }
            previous = dst;
            previousSource = sy;
        }
    }

    private static void Store(Span<byte> pixel, uint value)
    {
        for (int i = 0; i < pixel.Length; i++) pixel[i] = (byte)(value >> (8 * i));
    }

    private static uint Pack(int value, (int Offset, int Length) field)
        => field.Length == 0 ? 0 : (uint)(value >> (8 - field.Length)) << field.Offset;
}
