using System.IO.Compression;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// Reads a per-frame u8 plane file (labels, alpha, face mask): one gzip stream holding, frame after frame, Width ×
/// Height bytes row-major (top row first), no header. Sequential only; frame k is the k-th plane.
/// </summary>
public sealed class MaskPlaneReader : IDisposable
{
    private readonly GZipStream _gzip;

    public MaskPlaneReader(string path, int width, int height, int frameCount)
    {
        if (!File.Exists(path)) throw new EdgeAvatarException(ExitCodes.NoInput, $"Dataset file '{path}' is missing.");
        Path_ = path;
        Width = width;
        Height = height;
        FrameCount = frameCount;
        _gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
    }

    private string Path_ { get; }
    public int Width { get; }
    public int Height { get; }
    public int FrameCount { get; }
    public int FramesRead { get; private set; }

    /// <summary>Fills <paramref name="plane"/> (Width × Height bytes) with the next frame; false after the last.</summary>
    public bool ReadNext(Span<byte> plane)
    {
        if (plane.Length != Width * Height) throw new ArgumentException($"Plane must be {Width * Height} bytes.", nameof(plane));
        if (FramesRead == FrameCount) return false;
        int got = _gzip.ReadAtLeast(plane, plane.Length, throwOnEndOfStream: false);
        if (got != plane.Length)
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{Path_}' ends after {FramesRead} of {FrameCount} frames.");
        FramesRead++;
        return true;
    }

    public void Dispose() => _gzip.Dispose();
}
