namespace EdgeAvatar.Host.Output;

/// <summary>Thread-safe mutable backing of <see cref="FrameSinkStats"/> (the mjpeg server counts from client tasks).</summary>
internal sealed class FrameSinkCounters
{
    private long _written, _dropped, _duplicated, _errors;

    public void Written(long n = 1) => Interlocked.Add(ref _written, n);
    public void Dropped(long n = 1) => Interlocked.Add(ref _dropped, n);
    public void Duplicated(long n = 1) => Interlocked.Add(ref _duplicated, n);
    public void Error() => Interlocked.Increment(ref _errors);

    public FrameSinkStats Snapshot() => new(Interlocked.Read(ref _written), Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _duplicated), Interlocked.Read(ref _errors));
}
