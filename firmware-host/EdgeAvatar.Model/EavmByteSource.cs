namespace EdgeAvatar.Model;

/// <summary>
/// The bytes of one <c>.eavm</c> file, in memory or memory-mapped. Invariant: <see cref="Length"/> never changes
/// and every span handed out lies inside [0, Length) (callers pass validated ranges; this re-checks cheaply).
/// </summary>
internal abstract class EavmByteSource : IDisposable
{
    public abstract long Length { get; }

    /// <summary>A view of [offset, offset + length); valid until <see cref="Dispose"/>.</summary>
    public abstract ReadOnlySpan<byte> Slice(long offset, int length);

    public abstract void Dispose();

    protected void CheckRange(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"range [{offset}, +{length}) is outside the {Length}-byte file");
    }
}
