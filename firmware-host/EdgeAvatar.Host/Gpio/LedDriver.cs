using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// Drives the status LED from <see cref="LedPattern"/> on its own thread, writing the line only when the level
/// changes. <see cref="SetState"/> may be called from any thread; the thread wakes at the next blink edge, on a state
/// change, or after <see cref="GpioInputWatcher.MaxWait"/> at most (so a manual test clock is also followed).
/// </summary>
internal sealed class LedDriver : IDisposable
{
    private readonly IGpioOutputLine _line;
    private readonly TimeProvider _time;
    private readonly JournalLogger _log;
    // Monitor (not System.Threading.Lock): the thread sleeps with Monitor.Wait and SetState/Dispose pulse it.
    private readonly object _lock = new();
    private readonly Thread _thread;
    private LedState _state;
    private long _stateSince;
    private bool _stop;

    internal LedDriver(IGpioOutputLine line, TimeProvider time, JournalLogger log)
    {
        _line = line;
        _time = time;
        _log = log;
        _stateSince = time.GetTimestamp();
        _thread = new Thread(Run) { IsBackground = true, Name = "gpio-led" };
        _thread.Start();
    }

    public void SetState(LedState state)
    {
        lock (_lock)
        {
            if (state == _state)
                return;
            _state = state;
            _stateSince = _time.GetTimestamp();
            Monitor.PulseAll(_lock);
        }
    }

    private void Run()
    {
        bool? written = null;
        try
        {
            while (true)
            {
                LedState state;
                TimeSpan elapsed;
                lock (_lock)
                {
                    if (_stop)
                        break;
                    state = _state;
                    elapsed = _time.GetElapsedTime(_stateSince);
                }
                bool on = LedPattern.IsOn(state, elapsed);
                if (written != on)
                {
                    _line.SetLevel(on);
                    written = on;
                }
                TimeSpan wait = LedPattern.NextChange(state, elapsed) is { } next && next - elapsed < GpioInputWatcher.MaxWait
                    ? next - elapsed
                    : GpioInputWatcher.MaxWait;
                lock (_lock)
                {
                    if (!_stop)
                        Monitor.Wait(_lock, wait);
                }
            }
            _line.SetLevel(false); // a stopped daemon must not look "ready"
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _log.Error($"GPIO status LED line {_line.Offset} stopped: {e.Message}");
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stop = true;
            Monitor.PulseAll(_lock);
        }
        if (_thread.Join(GpioInputWatcher.MaxWait * 20))
            _line.Dispose();
    }
}
