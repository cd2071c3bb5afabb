using System.IO.Compression;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Writes per-frame u8 planes (labels, alpha, face mask) as one gzip stream, frame after frame, Width × Height bytes
/// row-major, no header (Dataset/DATASET.md; read back by Dataset.MaskPlaneReader). The planes are mostly long runs,
/// so the fastest deflate level already shrinks them ~50–100×; higher levels cost time for a few percent.
/// </summary>
public sealed class MaskPlaneWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly GZipStream _gzip;

    public MaskPlaneWriter(string path, int planeBytes)
    {
        PlaneBytes = planeBytes;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _gzip = new GZipStream(_file, CompressionLevel.Fastest, leaveOpen: true);
    }

    public int PlaneBytes { get; }
    public int FramesWritten { get; private set; }

    public void Write(ReadOnlySpan<byte> plane)
    {
        if (plane.Length != PlaneBytes) throw new ArgumentException($"Plane must be {PlaneBytes} bytes.", nameof(plane));
        _gzip.Write(plane);
        FramesWritten++;
    }

    /// <summary>Finishes the gzip stream and flushes it to disk (errors surface here, not in Dispose).</summary>
    public void Complete()
    {
        _gzip.Flush();
        _gzip.Dispose();
        _file.Flush(flushToDisk: true);
        _file.Dispose();
    }

    public void Dispose()
    {
        _gzip.Dispose();
        _file.Dispose();
    }
}
