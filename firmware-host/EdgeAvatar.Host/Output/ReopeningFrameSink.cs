using System.Diagnostics;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// Keeps a display output alive across its disappearance (HDMI unplugged, the DRM master taken by another program,
/// a framebuffer device gone): when a write fails with an <see cref="EdgeAvatarException"/> or an I/O error, the sink is
/// logged as lost with the reason, released, and re-opened every <c>retry</c> in the background of the render loop;
/// frames meanwhile are counted as dropped, and rendering (with its watchdog pings, audio and control socket) goes
/// on. A programming error (e.g. a frame of the wrong size) still propagates. Stats add the lost sinks' counters
/// plus one error per loss. The first sink is opened by the caller, so a display missing at start still fails
/// start-up with its clear error.
/// </summary>
public sealed class ReopeningFrameSink : IFrameSink
{
    private readonly Func<IFrameSink> _open;
    private readonly JournalLogger? _log;
    private readonly TimeSpan _retry;
    private readonly FrameSinkCounters _own = new();
    private FrameSinkStats _lost;
    private IFrameSink? _inner;
    private long _nextAttemptTs;
    private string _description;

    public ReopeningFrameSink(IFrameSink first, Func<IFrameSink> open, TimeSpan retry, JournalLogger? log)
    {
        _inner = first ?? throw new ArgumentNullException(nameof(first));
        _open = open ?? throw new ArgumentNullException(nameof(open));
        _retry = retry;
        _log = log;
        _description = first.Description;
    }

    public string Description => _inner is null ? $"{_description} (lost, re-opening every {_retry.TotalSeconds:0.#} s)" : _description;

    /// <summary>True while the output is open.</summary>
    public bool Connected => _inner is not null;

    public FrameSinkStats Stats
    {
        get
        {
            FrameSinkStats now = _inner?.Stats ?? default, own = _own.Snapshot();
            return new FrameSinkStats(_lost.Written + now.Written, _lost.Dropped + now.Dropped + own.Dropped,
                _lost.Duplicated + now.Duplicated, _lost.Errors + now.Errors + own.Errors);
        }
    }

    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct)
    {
        if (_inner is null && !TryReopen())
        {
            _own.Dropped();
            return;
        }
        try
        {
            await _inner!.WriteFrameAsync(rgb24, width, height, presentationTime, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EdgeAvatarException or IOException)
        {
            await LoseAsync(e.Message).ConfigureAwait(false);
            _own.Dropped();
        }
    }

    public Task CompleteAsync(CancellationToken ct) => _inner?.CompleteAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _inner?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async ValueTask LoseAsync(string why)
    {
        IFrameSink lost = _inner!;
        _inner = null;
        _own.Error();
        FrameSinkStats s = lost.Stats;
        _lost = new FrameSinkStats(_lost.Written + s.Written, _lost.Dropped + s.Dropped, _lost.Duplicated + s.Duplicated, _lost.Errors + s.Errors);
        try { await lost.DisposeAsync().ConfigureAwait(false); }
        catch (Exception e) when (e is EdgeAvatarException or IOException) { /* already gone */ }
        _nextAttemptTs = Stopwatch.GetTimestamp() + (long)(_retry.TotalSeconds * Stopwatch.Frequency);
        _log?.Error($"output lost: {why} Rendering goes on; re-opening {_description} every {_retry.TotalSeconds:0.#} s.");
    }

    private bool TryReopen()
    {
        if (Stopwatch.GetTimestamp() < _nextAttemptTs) return false;
        try
        {
            _inner = _open();
            _description = _inner.Description;
            _log?.Info($"output back: {_description}");
            return true;
        }
        catch (Exception e) when (e is EdgeAvatarException or IOException)
        {
            _nextAttemptTs = Stopwatch.GetTimestamp() + (long)(_retry.TotalSeconds * Stopwatch.Frequency);
            _log?.Debug($"output still unavailable: {e.Message}");
            return false;
        }
    }
}
