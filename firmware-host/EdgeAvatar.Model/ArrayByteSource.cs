namespace EdgeAvatar.Model;

/// <summary>An <c>.eavm</c> file held in a byte array (loaded from a stream or given by the caller).</summary>
internal sealed class ArrayByteSource(byte[] bytes) : EavmByteSource
{
    public override long Length => bytes.Length;

    public override ReadOnlySpan<byte> Slice(long offset, int length)
    {
        CheckRange(offset, length);
        return bytes.AsSpan((int)offset, length);
    }

    public override void Dispose()
    {
    }
}
