using System.Globalization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Media;

/// <summary>
/// Writes rgb24 frames into `ffmpeg -f rawvideo -i pipe:0` → H.264 (libx264, yuv420p) in MP4, or MPEG-4 Part 2
/// (ffmpeg's built-in mpeg4 encoder) when this ffmpeg lacks libx264 (Debian's has it).
/// <para>
/// Atomic output (like <see cref="AtomicFile"/>): ffmpeg writes a hidden temporary sibling
/// ".NAME.partial-PID-XXXXXXXX.mp4"; only <see cref="Complete"/> with ffmpeg exiting 0 renames it over the target.
/// A failure, cancellation or Dispose without Complete kills ffmpeg and deletes the temporary file, so the target is
/// either untouched or complete.
/// </para>
/// Errors: ffmpeg dying mid-way (disk full, bad audio) → <see cref="ExitCodes.IoError"/> with its stderr tail;
/// missing audio file → NoInput; no ffmpeg → Unavailable. Not thread-safe.
/// </summary>
public sealed class VideoEncoder : IDisposable, IAsyncDisposable
{
    private readonly FfmpegProcess _process;
    private readonly string _target;
    private readonly string _temp;
    private bool _finished;

    private VideoEncoder(FfmpegProcess process, string target, string temp, VideoEncoderOptions options, string codec)
    {
        _process = process;
        _target = target;
        _temp = temp;
        Options = options;
        Codec = codec;
    }

    public VideoEncoderOptions Options { get; }
    /// <summary>The ffmpeg encoder in use: "libx264" or "mpeg4"; with Lossless "libx264rgb" or "ffv1".</summary>
    public string Codec { get; }
    public int FrameBytes => Options.Width * Options.Height * 3;
    public int FramesWritten { get; private set; }

    /// <summary>The ffmpeg child's pid (tests signal it to check how a signalled encoder fails).</summary>
    internal int ChildProcessId => _process.Id;
    /// <summary>The temporary file ffmpeg writes to (for tests and diagnostics).</summary>
    public string TemporaryPath => _temp;

    public static VideoEncoder Create(string outputPath, VideoEncoderOptions options, MediaTools? tools = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        tools ??= MediaTools.Default;
        if (options.Width <= 0 || options.Height <= 0 || (!options.Lossless && (options.Width % 2 != 0 || options.Height % 2 != 0)))
            throw new ArgumentException($"Frame size {options.Width}x{options.Height} must be positive and even (yuv420p).", nameof(options));
        if (!options.Fps.IsValid) throw new ArgumentException($"Invalid fps {options.Fps}.", nameof(options));
        if (options.AudioPath is string audio) MediaProbe.Probe(audio, MediaNeeds.Audio, tools);

        string target = Path.GetFullPath(outputPath);
        string dir = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(dir))
            throw new EdgeAvatarException(ExitCodes.IoError, $"Output directory '{dir}' does not exist.");
        string temp = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(target)}.partial-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.mp4");

        string codec = options.Lossless ? (tools.HasEncoder("libx264rgb") ? "libx264rgb" : "ffv1")
            : tools.HasEncoder("libx264") ? "libx264" : "mpeg4";
        var args = new List<string>
        {
            "-v", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", string.Create(CultureInfo.InvariantCulture, $"{options.Width}x{options.Height}"),
            "-framerate", options.Fps.ToString(), "-i", "pipe:0",
        };
        if (options.AudioPath is not null) args.AddRange(["-i", Path.GetFullPath(options.AudioPath)]);
        args.AddRange(["-map", "0:v:0"]);
        if (codec == "libx264")
            args.AddRange(["-c:v", "libx264", "-preset", options.Preset, "-crf", options.Crf.ToString(CultureInfo.InvariantCulture)]);
        else if (codec == "libx264rgb")
            args.AddRange(["-c:v", "libx264rgb", "-preset", options.Preset, "-qp", "0"]);
        else if (codec == "ffv1")
            args.AddRange(["-c:v", "ffv1", "-level", "3", "-slices", "4"]);
        else
            args.AddRange(["-c:v", "mpeg4", "-q:v", "3"]);
        args.AddRange(["-pix_fmt", codec switch { "libx264rgb" => "rgb24", "ffv1" => "gbrp", _ => "yuv420p" }]);
        if (options.AudioPath is not null) args.AddRange(["-map", "1:a:0", "-c:a", "aac", "-b:a", "128k", "-shortest"]);
        if (options.Lossless) args.AddRange(["-f", "matroska", temp]);
        else args.AddRange(["-movflags", "+faststart", "-f", "mp4", temp]);

        return new VideoEncoder(FfmpegProcess.Start(tools.FfmpegPath, args, redirectStdin: true), target, temp, options, codec);
    }

    /// <summary>Writes one frame (exactly <see cref="FrameBytes"/> bytes of rgb24).</summary>
    public void WriteFrame(ReadOnlySpan<byte> rgb24)
    {
        CheckWritable(rgb24.Length);
        try
        {
            _process.StandardInput.Write(rgb24);
        }
        catch (IOException ex)
        {
            throw Fail(ex);
        }
        FramesWritten++;
    }

    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, CancellationToken cancellationToken = default)
    {
        CheckWritable(rgb24.Length);
        try
        {
            await _process.StandardInput.WriteAsync(rgb24, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Abort();
            throw;
        }
        catch (IOException ex)
        {
            throw Fail(ex);
        }
        FramesWritten++;
    }

    /// <summary>Ends the input, waits for ffmpeg, and publishes the file (rename) if it succeeded.</summary>
    public void Complete()
    {
        if (_finished) throw new InvalidOperationException("The encoder already finished.");
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException ex)
        {
            throw Fail(ex);
        }
        _process.WaitForExit();
        Publish();
    }

    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_finished) throw new InvalidOperationException("The encoder already finished.");
        try
        {
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            _process.StandardInput.Close();
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Abort();
            throw;
        }
        catch (IOException ex)
        {
            throw Fail(ex);
        }
        Publish();
    }

    private void Publish()
    {
        if (_process.ExitCode != 0) throw Fail(null);
        if (FramesWritten == 0)
        {
            Abort();
            throw new InvalidOperationException("No frames were written; nothing to publish.");
        }
        try
        {
            using (var fs = new FileStream(_temp, FileMode.Open, FileAccess.ReadWrite)) fs.Flush(flushToDisk: true);
            File.Move(_temp, _target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Abort();
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot publish '{_target}': {ex.Message}", ex);
        }
        _finished = true;
        _process.Dispose();
    }

    private void CheckWritable(int length)
    {
        if (_finished) throw new InvalidOperationException("The encoder already finished.");
        if (length != FrameBytes) throw new ArgumentException($"Frame must be {FrameBytes} bytes of rgb24, got {length}.");
    }

    /// <summary>ffmpeg failed: clean up and describe why (its stderr says more than the broken pipe does).</summary>
    private Exception Fail(Exception? inner)
    {
        // A broken pipe means ffmpeg is ending: let it finish (a signalled ffmpeg needs a moment to exit 255) before
        // killing it, or the kill would hide why it ended.
        _process.WaitForExit(TimeSpan.FromSeconds(1));
        _process.Kill();
        _process.WaitForExit();
        if (_process.EndedBySignal)
        {
            Abort();
            return _process.Interrupted($"encoding '{_target}'");
        }
        string code = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?";
        Abort();
        return new EdgeAvatarException(ExitCodes.IoError,
            $"ffmpeg failed encoding '{_target}' after {FramesWritten} frames (exit {code}):{Environment.NewLine}{_process.Stderr}", inner);
    }

    /// <summary>Kills ffmpeg and deletes the temporary file; the target is left as it was.</summary>
    private void Abort()
    {
        if (_finished) return;
        _finished = true;
        _process.Dispose();
        try { File.Delete(_temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Without a successful <see cref="Complete"/> this discards the output.</summary>
    public void Dispose() => Abort();

    public ValueTask DisposeAsync()
    {
        Abort();
        return ValueTask.CompletedTask;
    }
}
