using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Listens on a unix socket (mode 0660) or a loopback TCP port; a TTS process connects and streams raw s16le 16 kHz
/// mono PCM with no header. Several successive connections form one continuous stream.
/// <para>
/// Client policy: one client at a time, and <b>a new client replaces the current one</b> (the old connection is
/// closed). A TTS that restarts, or reconnects after a half-open connection, therefore never finds the source blocked
/// by its own stale session; the price is that a second sender cuts off the first, which the 0660 mode / loopback
/// binding limit to trusted local users.
/// </para>
/// <para>
/// Robustness: any chunking is accepted (odd byte counts are re-aligned by <see cref="SampleAlignedWriter"/>; a
/// client that leaves mid-sample loses that one byte, counted in DroppedBytes); resets and abrupt disconnects end
/// only that client. Buffering is bounded: above <see cref="AudioSourceOptions.MaxBufferedBytes"/> unread bytes we
/// stop reading the socket, so the kernel's flow control pushes back on the sender instead of us growing memory.
/// </para>
/// </summary>
public sealed class SocketAudioSource : IAudioSource
{
    private int _disposed;
    private readonly Socket _listener;
    private readonly string? _unixPath;
    private readonly AudioSourceOptions _options;
    private readonly Pipe _pipe;
    private readonly AudioSourceCounters _counters = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly SampleAlignedWriter _aligned;

    private SocketAudioSource(Socket listener, string? unixPath, AudioSourceOptions options)
    {
        _listener = listener;
        _unixPath = unixPath;
        _options = options;
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: options.MaxBufferedBytes,
            resumeWriterThreshold: options.MaxBufferedBytes / 2, useSynchronizationContext: false));
        _aligned = new SampleAlignedWriter(_pipe.Writer, _counters);
        Completion = Task.Run(RunAsync);
    }

    public PipeReader Reader => _pipe.Reader;
    public AudioSourceStats Stats => _counters.Snapshot();
    public Task Completion { get; }

    /// <summary>Where each client's samples begin in <see cref="Reader"/>'s stream (the phone side channel's time base).</summary>
    public StreamConnections Connections { get; } = new();

    /// <summary>The bound address: the unix path, or the TCP endpoint (with the real port when 0 was asked for).</summary>
    // A unix socket is bound under a staging name and renamed once listening (UnixListenSocket): its path is ours.
    public EndPoint LocalEndPoint => _unixPath is { } path ? new UnixDomainSocketEndPoint(path) : _listener.LocalEndPoint!;

    /// <summary>Starts listening on a <see cref="AudioSourceKind.Unix"/> or <see cref="AudioSourceKind.Tcp"/> spec.</summary>
    public static SocketAudioSource Listen(AudioSourceSpec spec, AudioSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new AudioSourceOptions();
        options.Validate();
        switch (spec.Kind)
        {
            case AudioSourceKind.Unix:
                Socket unix = UnixListenSocket.Listen(spec.Target, backlog: 4, "audio");
                return new SocketAudioSource(unix, Path.GetFullPath(spec.Target), options);
            case AudioSourceKind.Tcp:
                return new SocketAudioSource(LoopbackListenSocket.Listen(spec.EndPoint!, backlog: 4, "audio"), null, options);
            default:
                throw new ArgumentException($"{spec} is not a socket source.", nameof(spec));
        }
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _cts.Token;
        Task current = Task.CompletedTask;
        CancellationTokenSource? currentCts = null;
        Exception? failure = null;
        try
        {
            while (true)
            {
                Socket client = await _listener.AcceptAsync(stop).ConfigureAwait(false);
                _counters.AddClient();
                // Replace policy: stop the previous client before the new one may touch the writer.
                if (currentCts is not null) await currentCts.CancelAsync().ConfigureAwait(false);
                await current.ConfigureAwait(false);
                // The previous client has stopped writing, so the samples written so far are where this one's begin.
                AudioSourceStats now = _counters.Snapshot();
                Connections.Begin(now.Clients, now.Bytes / sizeof(short));
                currentCts?.Dispose();
                currentCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
                current = ServeClientAsync(client, currentCts.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (ObjectDisposedException) when (stop.IsCancellationRequested) { }
        catch (SocketException) when (stop.IsCancellationRequested) { }
        catch (SocketException ex)
        {
            failure = new EdgeAvatarException(ExitCodes.IoError, $"Audio socket listener failed: {ex.Message}", ex);
        }
        finally
        {
            if (currentCts is not null) await currentCts.CancelAsync().ConfigureAwait(false);
            await current.ConfigureAwait(false);
            currentCts?.Dispose();
            await _pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
        }
        if (failure is not null) throw failure;
    }

    /// <summary>Copies one client's bytes into the pipe until it leaves or is replaced; never throws.</summary>
    private async Task ServeClientAsync(Socket client, CancellationToken token)
    {
        var buffer = new byte[4096];
        bool endOfStream = false;
        try
        {
            while (true)
            {
                int n = await client.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                if (n == 0)
                {
                    endOfStream = _options.EndOfStreamOnDisconnect;
                    break;
                }
                _aligned.Write(buffer.AsSpan(0, n));
                FlushResult flush = await _pipe.Writer.FlushAsync(token).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    endOfStream = true; // the consumer is gone: nothing more to deliver
                    break;
                }
            }
        }
        catch (OperationCanceledException) { }   // replaced, or the source is being disposed
        catch (SocketException) { }               // reset / abrupt disconnect: only this client ends
        catch (ObjectDisposedException) { }
        finally
        {
            _aligned.DropPending();
            client.Dispose();
        }
        if (endOfStream) await _cts.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the producer; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _cts.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (EdgeAvatarException)
        {
            // Already delivered to the reader.
        }
        if (_unixPath is not null) UnixListenSocket.Remove(_unixPath);
        _cts.Dispose();
    }
}
