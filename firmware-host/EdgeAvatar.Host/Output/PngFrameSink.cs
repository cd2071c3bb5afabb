using System.Globalization;
using EdgeAvatar.Common;
using EdgeAvatar.Media.Images;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// Numbered PNG sequence DIR/frame_000000.png, frame_000001.png … one per output slot (gap slots are copies of the
/// previous file). Frames are written into a hidden staging directory next to DIR and the whole directory replaces
/// DIR on completion (<see cref="AtomicFile.WriteDirectory"/>), so DIR never holds a partial sequence.
/// </summary>
internal sealed class PngFrameSink : ConstantRateSink
{
    private readonly string _target;
    private readonly string _staging;
    private bool _published;

    public PngFrameSink(string directory, double fps) : base(fps)
    {
        _target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        _staging = Path.Combine(Path.GetDirectoryName(_target) ?? ".",
            $".{Path.GetFileName(_target)}.staging-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
    }

    public override string Description => $"png sequence → {_target}";

    public static string FileName(long slot) => string.Create(CultureInfo.InvariantCulture, $"frame_{slot:D6}.png");

    protected override ValueTask StartAsync(CancellationToken ct)
    {
        string? parent = Path.GetDirectoryName(_target);
        if (parent is not null && !Directory.Exists(parent))
            throw new EdgeAvatarException(ExitCodes.IoError, $"Output directory '{parent}' does not exist.");
        try
        {
            Directory.CreateDirectory(_staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot create '{_staging}': {e.Message}", e);
        }
        return ValueTask.CompletedTask;
    }

    protected override ValueTask WriteSlotAsync(ReadOnlyMemory<byte> rgb24, long slot, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        string path = Path.Combine(_staging, FileName(slot));
        try
        {
            using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            PngWriter.Write(fs, Width, Height, PngWriter.Rgb, rgb24.Span);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot write '{path}': {e.Message}", e);
        }
        return ValueTask.CompletedTask;
    }

    protected override Task FinishAsync(CancellationToken ct)
    {
        try
        {
            // WriteDirectory builds its own temporary sibling; moving our finished files into it is a rename each.
            AtomicFile.WriteDirectory(_target, temp =>
            {
                foreach (string f in Directory.EnumerateFiles(_staging))
                    File.Move(f, Path.Combine(temp, Path.GetFileName(f)));
            });
            Directory.Delete(_staging, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot publish '{_target}': {e.Message}", e);
        }
        _published = true;
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        if (!_published && Directory.Exists(_staging))
        {
            try { Directory.Delete(_staging, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return ValueTask.CompletedTask;
    }
}
