using System.Net;
using System.Net.Sockets;
using EdgeAvatar.Common;
using EdgeAvatar.Media.Images;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// HTTP MJPEG preview (multipart/x-mixed-replace, viewable in a browser or `ffplay http://127.0.0.1:PORT/`).
/// Security invariant: the listener is bound to <see cref="IPAddress.Loopback"/> only — the stream has no
/// authentication, so exposing it beyond the device is left to an explicit SSH tunnel.
/// Live sink: every frame is JPEG-encoded once (only while someone watches) and offered to every viewer; each viewer
/// keeps only the newest frame (see <see cref="MjpegClient"/>). Stats: Written = frames encoded for ≥ 1 viewer,
/// Dropped = per-viewer frames superseded before they were sent, Errors = viewers lost to socket errors.
/// Presentation times are ignored: pacing live output is <see cref="FramePacer"/>'s job.
/// </summary>
internal sealed class MjpegFrameSink : IFrameSink
{
    private readonly TcpListener _listener;
    private readonly JpegEncoder _encoder;
    private readonly FrameSinkCounters _counters = new();
    private readonly List<MjpegClient> _clients = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _acceptLoop;

    public MjpegFrameSink(int port, int jpegQuality)
    {
        _encoder = new JpegEncoder(jpegQuality);
        _listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            _listener.Start();
        }
        catch (SocketException e)
        {
            throw new EdgeAvatarException(ExitCodes.Unavailable, $"Cannot listen on 127.0.0.1:{port} for the MJPEG preview: {e.Message}", e);
        }
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The bound port (the requested one, or the one the OS picked for port 0).</summary>
    public int Port { get; }

    public string Description => $"mjpeg preview http://127.0.0.1:{Port}/ (quality {_encoder.Quality})";
    public FrameSinkStats Stats => _counters.Snapshot();

    internal int ClientCount
    {
        get { lock (_lock) return _clients.Count(c => c.Alive); }
    }

    public ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (width <= 0 || height <= 0 || rgb24.Length != width * height * 3)
            throw new ArgumentException($"Frame must be width × height × 3 bytes of rgb24 ({width}x{height}), got {rgb24.Length} bytes.");
        MjpegClient[] viewers;
        lock (_lock)
        {
            viewers = [.. _clients];
            _clients.RemoveAll(c => !c.Alive);
        }
        foreach (MjpegClient gone in viewers.Where(c => !c.Alive))
            _ = gone.DisposeAsync().AsTask(); // its sender has ended; this only closes the socket
        viewers = [.. viewers.Where(c => c.Alive)];
        if (viewers.Length == 0) return ValueTask.CompletedTask;
        byte[] jpeg = _encoder.Encode(rgb24.Span, width, height);
        foreach (MjpegClient c in viewers) c.Offer(jpeg);
        _counters.Written();
        return ValueTask.CompletedTask;
    }

    public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await _listener.AcceptTcpClientAsync(_cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            tcp.NoDelay = true;
            // The request itself is not parsed: any GET gets the stream. Reading is unnecessary for HTTP/1.0-style
            // replies ending in Connection: close.
            lock (_lock) _clients.Add(new MjpegClient(tcp, _counters));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try { await _acceptLoop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        MjpegClient[] all;
        lock (_lock)
        {
            all = [.. _clients];
            _clients.Clear();
        }
        foreach (MjpegClient c in all) await c.DisposeAsync().ConfigureAwait(false);
        _cts.Dispose();
    }
}
