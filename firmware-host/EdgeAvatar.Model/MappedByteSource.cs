using System.IO.MemoryMappedFiles;

namespace EdgeAvatar.Model;

/// <summary>
/// An <c>.eavm</c> file memory-mapped read-only, so tensors are read straight from the page cache (zero copy).
/// The file is opened with <see cref="FileShare.Read"/> (no concurrent writers through the normal API); writers
/// publish a new version by rename (AtomicFile), which leaves this mapping on the old, unchanged inode.
/// Spans over the mapping are valid only until <see cref="Dispose"/>.
/// </summary>
internal sealed unsafe class MappedByteSource : EavmByteSource
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _length;
    private byte* _pointer;

    /// <summary>Maps <paramref name="stream"/> (taking ownership). The caller has checked it is not empty.</summary>
    public MappedByteSource(FileStream stream, long length)
    {
        _length = length;
        try
        {
            _file = MemoryMappedFile.CreateFromFile(stream, mapName: null, capacity: 0,
                MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        try
        {
            _view = _file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* basePointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
            _pointer = basePointer + _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    public override long Length => _length;

    public override ReadOnlySpan<byte> Slice(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        CheckRange(offset, length);
        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    public override void Dispose()
    {
        if (_pointer == null)
            return;
        _pointer = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
