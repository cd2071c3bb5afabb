namespace EdgeAvatar.Host.Input;

/// <summary>Thread-safe counters behind <see cref="AudioSourceStats"/> (written by the producer, read by anyone).</summary>
internal sealed class AudioSourceCounters
{
    private long _bytes, _dropped, _xruns;
    private int _clients;

    public void AddBytes(long n) => Interlocked.Add(ref _bytes, n);
    public void AddDropped(long n) => Interlocked.Add(ref _dropped, n);
    public void AddXrun() => Interlocked.Increment(ref _xruns);
    public void AddClient() => Interlocked.Increment(ref _clients);

    public AudioSourceStats Snapshot() => new(
        Interlocked.Read(ref _bytes), Interlocked.Read(ref _dropped), Interlocked.Read(ref _xruns), Volatile.Read(ref _clients));
}
