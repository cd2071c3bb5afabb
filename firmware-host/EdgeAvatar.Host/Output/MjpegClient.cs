using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// One connected preview viewer. Holds at most one pending JPEG: a newer frame replaces an unsent one (counted as
/// dropped), so a slow viewer sees fewer frames but never delays the renderer or grows memory.
/// </summary>
internal sealed class MjpegClient : IAsyncDisposable
{
    internal const string Boundary = "edgeavatarframe";
    private readonly TcpClient _tcp;
    private readonly Channel<byte[]> _pending;
    private readonly FrameSinkCounters _counters;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _sender;

    public MjpegClient(TcpClient tcp, FrameSinkCounters counters)
    {
        _tcp = tcp;
        _counters = counters;
        _pending = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => counters.Dropped());
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>False once the viewer has gone (its socket failed); the server then removes it.</summary>
    public bool Alive => !_sender.IsCompleted;

    public void Offer(byte[] jpeg) => _pending.Writer.TryWrite(jpeg);

    private async Task SendLoopAsync()
    {
        try
        {
            NetworkStream stream = _tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=" + Boundary +
                "\r\nCache-Control: no-cache, no-store\r\nPragma: no-cache\r\nConnection: close\r\n\r\n"), _cts.Token).ConfigureAwait(false);
            await foreach (byte[] jpeg in _pending.Reader.ReadAllAsync(_cts.Token).ConfigureAwait(false))
            {
                string head = string.Create(CultureInfo.InvariantCulture,
                    $"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _cts.Token).ConfigureAwait(false);
                await stream.WriteAsync(jpeg, _cts.Token).ConfigureAwait(false);
                await stream.WriteAsync("\r\n"u8.ToArray(), _cts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _counters.Error(); // viewer closed the page: not fatal for the avatar
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _cts.CancelAsync().ConfigureAwait(false);
        try { await _sender.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _tcp.Dispose();
        _cts.Dispose();
    }
}
