using System.Globalization;
using System.Text;
using EdgeAvatar.Common;
using EdgeAvatar.Media.Images;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// YUV4MPEG2 writer (the format of ffmpeg's/mpv's "-f yuv4mpegpipe"): header
/// "YUV4MPEG2 W.. H.. F25:1 Ip A1:1 C444|C420jpeg XCOLORRANGE=FULL", then per frame "FRAME\n" + Y, Cb, Cr planes.
/// Colour conversion is our own BT.601 full range (<see cref="Bt601"/>); 4:2:0 chroma is the mean of each 2×2 quad
/// of per-pixel Cb/Cr (jpeg siting). A file target is written to a hidden temporary sibling and renamed on
/// completion; "-" streams to standard output (nothing to publish).
/// </summary>
internal sealed class Y4mFrameSink : ConstantRateSink
{
    private readonly string _path;
    private readonly Y4mChroma _chroma;
    private readonly Media.Rational _fps;
    private readonly Stream? _stdout;
    private Stream? _stream;
    private string? _temp;
    private static readonly byte[] FrameMarker = "FRAME\n"u8.ToArray();
    private byte[] _planes = [];

    public Y4mFrameSink(string path, Y4mChroma chroma, Media.Rational fps, Stream? standardOutput)
        : base(fps.ToDouble())
    {
        _path = path;
        _chroma = chroma;
        _fps = fps;
        _stdout = standardOutput;
    }

    public override string Description => $"y4m {(_chroma == Y4mChroma.C444 ? "C444" : "C420jpeg")} → {(_path == "-" ? "stdout" : _path)}";

    protected override ValueTask StartAsync(CancellationToken ct)
    {
        if (_chroma == Y4mChroma.C420Jpeg && (Width % 2 != 0 || Height % 2 != 0))
            throw new EdgeAvatarException(ExitCodes.Usage, $"y4m 4:2:0 needs an even frame size, got {Width}x{Height}.");
        if (_path == FrameSinkSpec.StandardOutputPath)
            _stream = _stdout ?? Console.OpenStandardOutput();
        else
        {
            string full = Path.GetFullPath(_path);
            _temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.partial-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
            _stream = OpenFile(_temp);
        }
        int chromaSize = _chroma == Y4mChroma.C444 ? Width * Height : Width / 2 * (Height / 2);
        _planes = new byte[Width * Height + 2 * chromaSize];
        string header = string.Create(CultureInfo.InvariantCulture,
            $"YUV4MPEG2 W{Width} H{Height} F{_fps.Numerator}:{_fps.Denominator} Ip A1:1 {(_chroma == Y4mChroma.C444 ? "C444" : "C420jpeg")} XCOLORRANGE=FULL\n");
        return _stream.WriteAsync(Encoding.ASCII.GetBytes(header), ct);
    }

    protected override async ValueTask WriteSlotAsync(ReadOnlyMemory<byte> rgb24, long slot, CancellationToken ct)
    {
        ConvertToPlanes(rgb24.Span, Width, Height, _chroma, _planes);
        try
        {
            await _stream!.WriteAsync(FrameMarker, ct).ConfigureAwait(false);
            await _stream.WriteAsync(_planes, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"{Description}: write failed: {e.Message}", e);
        }
    }

    /// <summary>rgb24 → planar Y, Cb, Cr (full range) into <paramref name="planes"/>.</summary>
    internal static void ConvertToPlanes(ReadOnlySpan<byte> rgb, int w, int h, Y4mChroma chroma, Span<byte> planes)
    {
        int n = w * h;
        Span<byte> y = planes[..n];
        if (chroma == Y4mChroma.C444)
        {
            Span<byte> cb = planes.Slice(n, n), cr = planes.Slice(2 * n, n);
            for (int i = 0; i < n; i++)
            {
                int r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
                y[i] = Bt601.Luma(r, g, b);
                cb[i] = Bt601.Cb(r, g, b);
                cr[i] = Bt601.Cr(r, g, b);
            }
            return;
        }
        int cw = w / 2, ch = h / 2;
        Span<byte> cb2 = planes.Slice(n, cw * ch), cr2 = planes.Slice(n + cw * ch, cw * ch);
        for (int i = 0; i < n; i++) y[i] = Bt601.Luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
        for (int cy = 0; cy < ch; cy++)
            for (int cx = 0; cx < cw; cx++)
            {
                int sb = 0, sr = 0;
                for (int d = 0; d < 4; d++)
                {
                    int o = ((2 * cy + (d >> 1)) * w + 2 * cx + (d & 1)) * 3;
                    sb += Bt601.Cb(rgb[o], rgb[o + 1], rgb[o + 2]);
                    sr += Bt601.Cr(rgb[o], rgb[o + 1], rgb[o + 2]);
                }
                cb2[cy * cw + cx] = (byte)((sb + 2) >> 2);
                cr2[cy * cw + cx] = (byte)((sr + 2) >> 2);
            }
    }

    protected override async Task FinishAsync(CancellationToken ct)
    {
        await _stream!.FlushAsync(ct).ConfigureAwait(false);
        if (_temp is null) return;
        try
        {
            ((FileStream)_stream).Flush(flushToDisk: true);
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
            File.Move(_temp, Path.GetFullPath(_path), overwrite: true);
            _temp = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot publish '{_path}': {e.Message}", e);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_temp is not null) // not published: discard
        {
            if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
            try { File.Delete(_temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            _temp = null;
        }
        else if (_stream is not null && _stream != _stdout && _path != FrameSinkSpec.StandardOutputPath)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        _stream = null;
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot create '{path}': {e.Message}", e);
        }
    }
}
