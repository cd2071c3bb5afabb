using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// One input line's dedicated thread: blocks in the line's edge wait (never longer than <see cref="MaxWait"/>, so
/// <see cref="Dispose"/> returns promptly), debounces, and reports settled levels and clock ticks to its owner.
/// <para>
/// Determinism: time-based settling (<see cref="EdgeDebouncer.OnTime"/> and the owner's tick) runs only after a wait
/// timed out, i.e. when every pending edge has been read; an edge already queued is never overtaken by the clock.
/// </para>
/// </summary>
internal sealed class GpioInputWatcher : IDisposable
{
    /// <summary>Longest single wait: bounds how long Dispose waits for the thread.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(100);

    private readonly IGpioInputLine _line;
    private readonly string _role;
    private readonly TimeProvider _time;
    private readonly JournalLogger _log;
    private readonly TimeSpan _debounce;
    private readonly Action<DebouncedChange, bool> _onLevel;
    private readonly Func<TimeSpan, TimeSpan?> _onTick;
    private readonly Thread _thread;
    private volatile bool _stop;

    /// <param name="onLevel">Settled level; the flag is true for the initial level read at start.</param>
    /// <param name="onTick">Clock tick after a quiet wait; returns the owner's next deadline (or null).</param>
    internal GpioInputWatcher(string role, IGpioInputLine line, TimeSpan debounce, TimeProvider time, JournalLogger log,
        Action<DebouncedChange, bool> onLevel, Func<TimeSpan, TimeSpan?> onTick)
    {
        _role = role;
        _line = line;
        _debounce = debounce;
        _time = time;
        _log = log;
        _onLevel = onLevel;
        _onTick = onTick;
        _thread = new Thread(Run) { IsBackground = true, Name = $"gpio-{role}" };
        _thread.Start();
    }

    private TimeSpan Now => _time.GetElapsedTime(0, _time.GetTimestamp());

    private void Run()
    {
        try
        {
            bool initial = _line.ReadLevel();
            var debouncer = new EdgeDebouncer(_debounce, initial);
            _onLevel(new DebouncedChange(initial, Now), true);
            TimeSpan? ownerDeadline = null;
            while (!_stop)
            {
                TimeSpan wait = WaitFor(Earliest(debouncer.Deadline, ownerDeadline));
                if (_line.TryReadEdge(wait, out GpioEdge edge))
                {
                    if (debouncer.OnEdge(edge.Active, edge.Timestamp) is { } change)
                        _onLevel(change, false);
                    continue;
                }
                TimeSpan now = Now;
                if (debouncer.OnTime(now) is { } settled)
                    _onLevel(settled, false);
                ownerDeadline = _onTick(now);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Chip unplugged or line revoked: GPIO is an accessory, the avatar keeps rendering without it.
            _log.Error($"GPIO {_role} line {_line.Offset} stopped: {e.Message}");
        }
    }

    private TimeSpan WaitFor(TimeSpan? deadline)
    {
        if (deadline is not { } d)
            return MaxWait;
        TimeSpan remaining = d - Now;
        return remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining < MaxWait ? remaining : MaxWait;
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b)
        => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>Stops the thread, then releases the line (never under a blocked waiter).</summary>
    public void Dispose()
    {
        _stop = true;
        if (_thread.Join(MaxWait * 20))
            _line.Dispose();
        else
            _log.Warning($"GPIO {_role} thread did not stop; line {_line.Offset} left requested until exit");
    }
}
