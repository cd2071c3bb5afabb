using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Media;

/// <summary>
/// Streams a video's frames as rgb24 from `ffmpeg ... -f rawvideo pipe:1`, no temporary files. Frames come out as
/// ffmpeg decodes them, in one pooled buffer reused for every frame (see <see cref="VideoFrame"/>).
/// <para>
/// Errors: missing file / not media / no video stream as in <see cref="MediaProbe"/>; ffmpeg failing mid-way, output
/// ending mid-frame, or (with <see cref="VideoReadOptions.CheckComplete"/>) far fewer frames than the duration
/// promises → <see cref="ExitCodes.DataError"/> with the tail of ffmpeg's stderr. Cancellation kills ffmpeg and
/// throws <see cref="OperationCanceledException"/>. Dispose always kills and reaps ffmpeg and returns the buffer.
/// </para>
/// One enumeration per reader; not thread-safe.
/// </summary>
public sealed class VideoFrameReader : IDisposable, IAsyncDisposable
{
    private readonly VideoReadOptions _options;
    private readonly FfmpegProcess _process;
    private byte[]? _buffer;
    private bool _enumerated;

    private VideoFrameReader(MediaInfo source, VideoReadOptions options, int width, int height, Rational fps, FfmpegProcess process)
    {
        Source = source;
        _options = options;
        Width = width;
        Height = height;
        Fps = fps;
        _process = process;
        _buffer = ArrayPool<byte>.Shared.Rent(FrameBytes);
    }

    public MediaInfo Source { get; }
    /// <summary>Output frame size in pixels.</summary>
    public int Width { get; }
    public int Height { get; }
    /// <summary>Output frame rate (the requested one, or the source's).</summary>
    public Rational Fps { get; }
    public int FrameBytes => Width * Height * 3;

    /// <summary>Probes <paramref name="path"/>, validates the options against it and starts ffmpeg.</summary>
    public static VideoFrameReader Open(string path, VideoReadOptions? options = null, MediaTools? tools = null)
    {
        options ??= new VideoReadOptions();
        tools ??= MediaTools.Default;
        MediaInfo info = MediaProbe.Probe(path, MediaNeeds.Video, tools);
        VideoStreamInfo video = info.RequireVideo();

        var filters = new List<string>();
        Rational fps = video.FrameRate;
        if (options.Fps is Rational wanted)
        {
            if (!wanted.IsValid) throw new ArgumentException($"Invalid fps {wanted}.", nameof(options));
            filters.Add($"fps={wanted}");
            fps = wanted;
        }
        int w = video.Width, h = video.Height;
        if (options.Crop is CropRect c)
        {
            if (c.Width <= 0 || c.Height <= 0 || c.X < 0 || c.Y < 0 || c.X + c.Width > w || c.Y + c.Height > h)
                throw new ArgumentException($"Crop {c} is outside the {w}x{h} video '{path}'.", nameof(options));
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"crop={c.Width}:{c.Height}:{c.X}:{c.Y}:exact=1"));
            (w, h) = (c.Width, c.Height);
        }
        if (options.OutputWidth.HasValue != options.OutputHeight.HasValue)
            throw new ArgumentException("Give both OutputWidth and OutputHeight, or neither.", nameof(options));
        if (options.OutputWidth is int ow && options.OutputHeight is int oh)
        {
            if (ow <= 0 || oh <= 0) throw new ArgumentException("Output size must be positive.", nameof(options));
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"scale={ow}:{oh}:flags=bicubic"));
            (w, h) = (ow, oh);
        }

        var args = new List<string> { "-v", "error", "-nostdin", "-i", Path.GetFullPath(path), "-map", $"0:{video.Index}", "-an", "-sn", "-dn" };
        if (filters.Count > 0) args.AddRange(["-vf", string.Join(',', filters)]);
        if (options.Fps is null) args.AddRange(["-fps_mode", "passthrough"]);
        if (options.MaxFrames is int max)
        {
            if (max < 0) throw new ArgumentOutOfRangeException(nameof(options), "MaxFrames must be ≥ 0.");
            args.AddRange(["-frames:v", max.ToString(CultureInfo.InvariantCulture)]);
        }
        args.AddRange(["-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);
        return new VideoFrameReader(info, options, w, h, fps, FfmpegProcess.Start(tools.FfmpegPath, args));
    }

    /// <summary>Frames in order, synchronously.</summary>
    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
    {
        BeginEnumeration();
        using CancellationTokenRegistration reg = cancellationToken.Register(_process.Kill);
        Stream stdout = _process.StandardOutput;
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(VideoFrameReader));
        for (int index = 0; ; index++)
        {
            int got = stdout.ReadAtLeast(buffer.AsSpan(0, FrameBytes), FrameBytes, throwOnEndOfStream: false);
            cancellationToken.ThrowIfCancellationRequested();
            if (got < FrameBytes)
            {
                _process.WaitForExit();
                cancellationToken.ThrowIfCancellationRequested();
                Finish(index, got);
                yield break;
            }
            yield return new VideoFrame(index, index / Fps.ToDouble(), Width, Height, buffer.AsMemory(0, FrameBytes));
        }
    }

    /// <summary>Frames in order, asynchronously (for the host's async pipelines).</summary>
    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BeginEnumeration();
        await using CancellationTokenRegistration reg = cancellationToken.Register(_process.Kill);
        Stream stdout = _process.StandardOutput;
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(VideoFrameReader));
        for (int index = 0; ; index++)
        {
            int got;
            try
            {
                got = await stdout.ReadAtLeastAsync(buffer.AsMemory(0, FrameBytes), FrameBytes, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                throw;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (got < FrameBytes)
            {
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                Finish(index, got);
                yield break;
            }
            yield return new VideoFrame(index, index / Fps.ToDouble(), Width, Height, buffer.AsMemory(0, FrameBytes));
        }
    }

    private void BeginEnumeration()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_enumerated) throw new InvalidOperationException("A VideoFrameReader can be enumerated only once.");
        _enumerated = true;
    }

    /// <summary>End of output: checks exit code, a partial last frame and (optionally) the promised frame count.</summary>
    private void Finish(int frames, int partialBytes)
    {
        string file = Source.Path;
        if (_process.EndedBySignal) throw _process.Interrupted($"decoding '{file}'");
        if (_process.ExitCode != 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"ffmpeg failed decoding '{file}' after {frames} frames (exit {_process.ExitCode}):{Environment.NewLine}{_process.Stderr}");
        if (partialBytes > 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"ffmpeg's output for '{file}' ended mid-frame after {frames} frames ({partialBytes} of {FrameBytes} bytes):" +
                $"{Environment.NewLine}{_process.Stderr}");
        if (_options.CheckComplete && _options.MaxFrames is null && Source.DurationSeconds is double d && Fps.IsValid)
        {
            double expected = d * Fps.ToDouble();
            if (frames < expected - 2 - 0.02 * expected)
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"'{file}' is truncated: decoded {frames} frames but its {d:F2} s at {Fps} fps promise about {expected:F0}:" +
                    $"{Environment.NewLine}{_process.Stderr}");
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        byte[]? b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null) ArrayPool<byte>.Shared.Return(b);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
