using System.Diagnostics;
using System.Net.Sockets;

namespace EdgeAvatar.Host.Control;

/// <summary>
/// One served connection as <see cref="ControlServer"/> sees it when the slots are full: whether a request is in
/// progress, and when it last did anything. An idle connection can be evicted to make room for a new client, so
/// clients that connect and say nothing cannot lock everyone else out.
/// </summary>
internal sealed class ControlClientSlot(Socket socket)
{
    private long _lastActivity = Stopwatch.GetTimestamp();
    private int _busy;
    private int _evicted;

    /// <summary>True while a request line is being handled or answered.</summary>
    public bool Busy => Volatile.Read(ref _busy) != 0;

    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>True once <see cref="Evict"/> was called (the session may not have noticed yet).</summary>
    public bool Evicted => Volatile.Read(ref _evicted) != 0;

    public void BeginRequest() => Volatile.Write(ref _busy, 1);

    public void EndRequest()
    {
        Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
        Volatile.Write(ref _busy, 0);
    }

    /// <summary>Ends the connection from our side: its pending read completes and its session finishes normally.</summary>
    public void Evict()
    {
        if (Interlocked.Exchange(ref _evicted, 1) != 0) return;
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to free.
        }
    }
}
