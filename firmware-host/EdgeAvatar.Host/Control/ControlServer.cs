using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Control;

/// <summary>
/// The daemon's control socket: a unix stream socket (mode 0660) speaking JSON lines. Each request line gets exactly
/// one reply line, <c>{"ok":true,…}</c> or <c>{"ok":false,"error":"…"}</c>, in order.
/// <para>
/// Hostile or broken clients cannot take the daemon down: garbage, unknown commands and wrong types get an error
/// reply; a line over <see cref="ControlServerOptions.MaxLineBytes"/> (buffering stops there), more than
/// <see cref="ControlServerOptions.MaxErrorsPerConnection"/> errors, or <see cref="ControlServerOptions.IdleTimeout"/>
/// of silence closes that connection; connections beyond <see cref="ControlServerOptions.MaxClients"/> are refused
/// with an error line only while every connection has a request in progress (otherwise the longest-idle one is
/// closed to make room, so idle clients cannot lock others out); a client that vanishes mid-request only ends its
/// own session. Handler calls are serialised
/// (see <see cref="IControlHandler"/>).
/// </para>
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private int _disposed;
    private readonly Socket _listener;
    private readonly IControlHandler _handler;
    private readonly ControlServerOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly SemaphoreSlim _dispatch = new(1, 1);
    private readonly Lock _clientsLock = new();
    private readonly Dictionary<Task, ControlClientSlot> _clients = [];

    private ControlServer(Socket listener, string socketPath, IControlHandler handler, ControlServerOptions options)
    {
        _listener = listener;
        SocketPath = socketPath;
        _handler = handler;
        _options = options;
        Completion = Task.Run(AcceptLoopAsync);
    }

    public string SocketPath { get; }

    /// <summary>Completes when the server stops (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion { get; }

    /// <summary>Connections currently being served.</summary>
    public int ActiveClients
    {
        get
        {
            lock (_clientsLock) return _clients.Count;
        }
    }

    /// <summary>Listens on <paramref name="socketPath"/> (replacing a stale socket file, refusing a live one).</summary>
    public static ControlServer Start(string socketPath, IControlHandler handler, ControlServerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new ControlServerOptions();
        options.Validate();
        Socket listener = UnixListenSocket.Listen(socketPath, backlog: 16, "control");
        return new ControlServer(listener, Path.GetFullPath(socketPath), handler, options);
    }

    private async Task AcceptLoopAsync()
    {
        CancellationToken stop = _cts.Token;
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && stop.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException)
            {
                continue; // e.g. the peer reset before accept completed (ECONNABORTED): keep serving others
            }
            lock (_clientsLock)
            {
                // Evicted sessions linger for one read; the hard cap of twice the limit bounds a flood of connects.
                if (_clients.Count >= _options.MaxClients && (_clients.Count >= 2 * _options.MaxClients || !EvictOldestIdle()))
                {
                    _ = RefuseAsync(client);
                    continue;
                }
                var slot = new ControlClientSlot(client);
                Task session = Task.Run(() => ServeAsync(client, slot, stop), CancellationToken.None);
                _clients.Add(session, slot);
                _ = session.ContinueWith(t =>
                {
                    lock (_clientsLock) _clients.Remove(t);
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        Task[] remaining;
        lock (_clientsLock) remaining = [.. _clients.Keys];
        await Task.WhenAll(remaining).ConfigureAwait(false);
    }

    /// <summary>
    /// Frees a slot by closing the connection that has been idle longest (no request in progress, silent for at least
    /// <see cref="ControlServerOptions.EvictIdleAfter"/>); false when there is none. Called under <see cref="_clientsLock"/>. An evicted session still counts until it notices,
    /// which takes one read, so the limit can be exceeded by the few connections being evicted.
    /// </summary>
    private bool EvictOldestIdle()
    {
        ControlClientSlot? oldest = null;
        long idleSince = System.Diagnostics.Stopwatch.GetTimestamp()
            - (long)(_options.EvictIdleAfter.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        foreach (ControlClientSlot slot in _clients.Values)
            if (!slot.Busy && !slot.Evicted && slot.LastActivity <= idleSince && (oldest is null || slot.LastActivity < oldest.LastActivity))
                oldest = slot;
        oldest?.Evict();
        return oldest is not null;
    }

    private static async Task RefuseAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await client.SendAsync(ControlReplies.Error("too many control connections; try again later"), SocketFlags.None)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { }
        }
    }

    /// <summary>One connection's request loop; never throws.</summary>
    private async Task ServeAsync(Socket client, ControlClientSlot slot, CancellationToken stop)
    {
        var stream = new NetworkStream(client, ownsSocket: true);
        PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        int errors = 0;
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
                idle.CancelAfter(_options.IdleTimeout);
                ReadResult result = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                bool close = false;
                while (!close && TryTakeLine(ref buffer, out ReadOnlySequence<byte> line))
                {
                    slot.BeginRequest();
                    (byte[] reply, bool failed) = line.Length > _options.MaxLineBytes
                        ? (TooLong(), true)
                        : await HandleLineAsync(line, stop).ConfigureAwait(false);
                    if (reply.Length > 0) await stream.WriteAsync(reply, stop).ConfigureAwait(false);
                    slot.EndRequest();
                    if (failed && (line.Length > _options.MaxLineBytes || ++errors >= _options.MaxErrorsPerConnection)) close = true;
                }
                if (!close && buffer.Length > _options.MaxLineBytes)
                {
                    await stream.WriteAsync(TooLong(), stop).ConfigureAwait(false);
                    close = true;
                }
                if (!close && result.IsCompleted && buffer.Length > 0)
                {
                    // Last line without '\n' (e.g. printf without newline): still answer it.
                    (byte[] reply, _) = await HandleLineAsync(buffer, stop).ConfigureAwait(false);
                    if (reply.Length > 0) await stream.WriteAsync(reply, stop).ConfigureAwait(false);
                    buffer = buffer.Slice(buffer.End);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (close || result.IsCompleted) break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Idle timeout, shutdown, or the client vanished: end this session only.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private byte[] TooLong() => ControlReplies.Error($"request line longer than {_options.MaxLineBytes} bytes; closing the connection");

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        SequencePosition? newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    /// <summary>Parses and dispatches one line; returns the reply (empty for a blank line) and whether it was an error.</summary>
    private async Task<(byte[] Reply, bool Failed)> HandleLineAsync(ReadOnlySequence<byte> line, CancellationToken stop)
    {
        byte[] bytes = line.ToArray();
        if (bytes.AsSpan().Trim(" \t\r"u8).IsEmpty) return ([], false);
        ControlRequest? request;
        string? error;
        try
        {
            request = ControlRequestParser.Parse(bytes, out error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The parser promises not to throw; if it ever does, the client still gets its one reply.
            return (ControlReplies.Error($"request could not be parsed ({ex.GetType().Name})"), true);
        }
        if (request is null) return (ControlReplies.Error(error!), true);
        await _dispatch.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            return (await DispatchAsync(request, stop).ConfigureAwait(false), false);
        }
        catch (EdgeAvatarException ex)
        {
            return (ControlReplies.Error(ex.Message), true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // A handler bug must not kill the daemon's control channel; the client learns something went wrong.
            return (ControlReplies.Error($"internal error handling '{request.Command.ToString().ToLowerInvariant()}': {ex.Message}"), true);
        }
        finally
        {
            _dispatch.Release();
        }
    }

    private async Task<byte[]> DispatchAsync(ControlRequest request, CancellationToken ct)
    {
        switch (request.Command)
        {
            case ControlCommand.Status:
                return ControlReplies.Status(await _handler.GetStatusAsync(ct).ConfigureAwait(false));
            case ControlCommand.Speak:
                await _handler.SpeakAsync(request.File!, ct).ConfigureAwait(false);
                break;
            case ControlCommand.Say:
                await _handler.SayAsync(request.Text!, request.Language, ct).ConfigureAwait(false);
                break;
            case ControlCommand.Stop:
                await _handler.StopAsync(ct).ConfigureAwait(false);
                break;
            case ControlCommand.Set:
                if (request.Background is not null) await _handler.SetBackgroundAsync(request.Background, ct).ConfigureAwait(false);
                if (request.Blink is bool blink) await _handler.SetBlinkAsync(blink, ct).ConfigureAwait(false);
                break;
            case ControlCommand.Reload:
                await _handler.ReloadAsync(ct).ConfigureAwait(false);
                break;
        }
        return ControlReplies.Ok();
    }

    /// <summary>Stops the producer; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _cts.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await Completion.ConfigureAwait(false);
        UnixListenSocket.Remove(SocketPath);
        _cts.Dispose();
        _dispatch.Dispose();
    }
}
