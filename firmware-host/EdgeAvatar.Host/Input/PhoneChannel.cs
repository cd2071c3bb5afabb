using System.Net;
using System.Net.Sockets;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// The TTS phone side channel: a socket (unix, mode 0660, or loopback TCP: the same rules as the audio socket) on
/// which a TTS engine that streams its PCM into the audio socket sends JSON lines with the phones it speaks
/// (<see cref="PhoneLine"/>), timed from the first sample of its current audio connection. Each phone is tied to the
/// audio connection current when its line is read and goes to the feed's <see cref="StreamPhonePlacer"/>, which puts
/// it on the same <see cref="SpokenPhoneTimeline"/> that said text uses.
/// <para>
/// One client at a time; a new client replaces the current one (as on the audio socket). A bad line is reported and
/// dropped and the client keeps its connection; reports are limited to the first <see cref="ReportsShownAtOnce"/> of
/// a client, then one a second with a count of those not shown, so a broken sender cannot flood the journal.
/// Memory is bounded by <see cref="PhoneLine.MaxBytes"/> per line and <see cref="StreamPhonePlacer.MaxPending"/>
/// waiting phones.
/// </para>
/// </summary>
public sealed class PhoneChannel : IAsyncDisposable
{
    public const int ReportsShownAtOnce = 10;

    private readonly Socket _listener;
    private readonly string? _unixPath;
    private readonly StreamPhonePlacer _placer;
    private readonly Func<int> _audioConnection;
    private readonly Action<string> _report;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _run;
    private long _accepted, _rejected;
    private int _disposed;
    private int _shown;
    private long _lastShownMs = long.MinValue, _notShown, _lateSeen;

    private PhoneChannel(Socket listener, string? unixPath, StreamPhonePlacer placer, Func<int> audioConnection, Action<string> report)
    {
        _listener = listener;
        _unixPath = unixPath;
        _placer = placer;
        _audioConnection = audioConnection;
        _report = report;
        _run = Task.Run(RunAsync);
    }

    /// <summary>Phones accepted and handed to the placer.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Lines dropped: malformed, out of order, before any audio connection, or with the placer full.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    // A unix socket is bound under a staging name and renamed once listening (UnixListenSocket): its path is ours.
    public EndPoint LocalEndPoint => _unixPath is { } path ? new UnixDomainSocketEndPoint(path) : _listener.LocalEndPoint!;

    /// <summary>
    /// Listens on <paramref name="spec"/> (unix: or tcp: on loopback). <paramref name="audioConnection"/> says which
    /// audio connection is current (0: none yet); <paramref name="report"/> gets one line per reported problem.
    /// </summary>
    public static PhoneChannel Listen(AudioSourceSpec spec, StreamPhonePlacer placer, Func<int> audioConnection, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(placer);
        ArgumentNullException.ThrowIfNull(audioConnection);
        ArgumentNullException.ThrowIfNull(report);
        return spec.Kind switch
        {
            AudioSourceKind.Unix => new PhoneChannel(UnixListenSocket.Listen(spec.Target, backlog: 4, "phone channel"), Path.GetFullPath(spec.Target), placer, audioConnection, report),
            AudioSourceKind.Tcp => new PhoneChannel(LoopbackListenSocket.Listen(spec.EndPoint!, backlog: 4, "the phone channel"), null, placer, audioConnection, report),
            _ => throw new EdgeAvatarException(ExitCodes.Usage, $"the phone channel listens on unix:PATH or tcp:127.0.0.1:PORT, not {spec}."),
        };
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _cts.Token;
        Task current = Task.CompletedTask;
        CancellationTokenSource? currentCts = null;
        try
        {
            while (true)
            {
                Socket client = await _listener.AcceptAsync(stop).ConfigureAwait(false);
                // Replace policy: the previous client stops before the new one is read.
                if (currentCts is not null) await currentCts.CancelAsync().ConfigureAwait(false);
                await current.ConfigureAwait(false);
                currentCts?.Dispose();
                currentCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
                current = ServeClientAsync(client, currentCts.Token);
            }
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException) { }
        catch (SocketException e)
        {
            _report($"phone channel: the listener failed ({e.Message}); no more phones are read");
        }
        finally
        {
            if (currentCts is not null) await currentCts.CancelAsync().ConfigureAwait(false);
            await current.ConfigureAwait(false);
            currentCts?.Dispose();
        }
    }

    /// <summary>Reads one client's lines until it leaves or is replaced; never throws.</summary>
    private async Task ServeClientAsync(Socket client, CancellationToken token)
    {
        var reader = new PhoneChannelReader();
        var buffer = new byte[4096];
        var phones = new List<TimedPhone>();
        var errors = new List<string>();
        int connection = -1;
        _shown = 0;
        try
        {
            while (true)
            {
                int n = await client.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                if (n == 0) break;
                int now = _audioConnection();
                // Times restart at 0 with each audio connection, so order is checked within one connection only.
                if (now != connection) reader.RestartTimes();
                connection = now;
                reader.Read(buffer.AsSpan(0, n), phones, errors);
                Deliver(connection, phones, errors);
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        finally
        {
            reader.Close(errors);
            Deliver(connection, phones, errors);
            client.Dispose();
        }
    }

    private void Deliver(int connection, List<TimedPhone> phones, List<string> errors)
    {
        foreach (TimedPhone p in phones)
        {
            if (connection <= 0) errors.Add("a phone arrived before any TTS connected to the audio socket; dropped (connect the audio first)");
            else if (!_placer.Offer(connection, p)) errors.Add($"{StreamPhonePlacer.MaxPending} phones are already waiting for their audio; dropped");
            else
            {
                Interlocked.Increment(ref _accepted);
                continue;
            }
        }
        Interlocked.Add(ref _rejected, errors.Count);
        long dropped = _placer.Late + _placer.Orphaned;
        if (dropped > _lateSeen)
        {
            errors.Add($"{dropped - _lateSeen} phone(s) came over {StreamPhonePlacer.LateTolerance.TotalSeconds:0} s after their audio played, or for an audio connection that had ended; dropped");
            _lateSeen = dropped;
        }
        foreach (string e in errors) Report(e);
        phones.Clear();
        errors.Clear();
    }

    private void Report(string message)
    {
        long now = Environment.TickCount64;
        if (_shown >= ReportsShownAtOnce && now - _lastShownMs < 1000)
        {
            _notShown++;
            return;
        }
        string more = _notShown > 0 ? $" ({_notShown} more problem(s) not shown)" : "";
        _report($"phone channel: {message}{more}");
        _shown++;
        _notShown = 0;
        _lastShownMs = now;
    }

    /// <summary>Stops listening and reading; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _cts.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _run.ConfigureAwait(false);
        if (_unixPath is not null) UnixListenSocket.Remove(_unixPath);
        _cts.Dispose();
    }
}
