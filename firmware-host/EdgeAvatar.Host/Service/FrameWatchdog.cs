using System.Globalization;

namespace EdgeAvatar.Host.Service;

/// <summary>
/// Ties systemd's watchdog to rendered frames: the render loop calls <see cref="FrameRendered"/> once per frame and a
/// timer pings WATCHDOG=1 every <see cref="Period"/> (half of WatchdogSec, as sd_watchdog_enabled(3) advises) only if
/// at least one frame was rendered since the previous tick. A hung GPU queue or a deadlocked render loop therefore
/// stops the pings and systemd restarts the service, which a timer pinging unconditionally would hide. Idle
/// rendering (no audio) still renders frames, so a quiet kiosk keeps pinging. Each tick also sends STATUS= with the
/// measured frame rate (shown by systemctl status), and one "stalled" status when frames stop.
/// <para>
/// Lifecycle: <see cref="Ready"/> once the first frame is on screen (starts the timer), <see cref="Reloading"/> /
/// <see cref="Reloaded"/> around a model reload (Type=notify-reload protocol), <see cref="Stopping"/> on SIGTERM.
/// Without $WATCHDOG_USEC only STATUS= is sent, every <see cref="StatusOnlyPeriod"/>.
/// </para>
/// </summary>
public sealed class FrameWatchdog : IDisposable
{
    /// <summary>Status refresh period when systemd's watchdog is off.</summary>
    public static readonly TimeSpan StatusOnlyPeriod = TimeSpan.FromSeconds(5);

    private readonly SystemdNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly Lock _tickLock = new();
    private long _frames;
    private long _framesAtLastTick;
    private long _lastTickTimestamp;
    private long _lastFrameTimestamp;
    private bool _stallReported;
    private bool _stopped;
    private ITimer? _timer;

    /// <param name="notifier">Where notifications go (a disabled notifier makes everything a no-op send).</param>
    /// <param name="watchdogInterval">WatchdogSec as passed in $WATCHDOG_USEC; null when systemd's watchdog is off.</param>
    /// <param name="time">Clock and timers (tests pass a manual one).</param>
    public FrameWatchdog(SystemdNotifier notifier, TimeSpan? watchdogInterval, TimeProvider? time = null)
    {
        if (watchdogInterval is { } interval)
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(watchdogInterval));
        _notifier = notifier;
        _time = time ?? TimeProvider.System;
        WatchdogEnabled = watchdogInterval is not null;
        Period = watchdogInterval is { } w ? w / 2 : StatusOnlyPeriod;
    }

    /// <summary>For the daemon: notify socket and watchdog interval from the environment systemd set.</summary>
    public static FrameWatchdog FromEnvironment(SystemdNotifier notifier) => new(notifier, SystemdNotifier.WatchdogInterval());

    /// <summary>True when WATCHDOG=1 pings are sent (systemd asked for them).</summary>
    public bool WatchdogEnabled { get; }

    /// <summary>Time between ticks: half the watchdog interval, or <see cref="StatusOnlyPeriod"/>.</summary>
    public TimeSpan Period { get; }

    /// <summary>Frames reported so far.</summary>
    public long FramesRendered => Interlocked.Read(ref _frames);

    /// <summary>Called by the render loop after each presented frame. Lock-free; any thread.</summary>
    public void FrameRendered() => Interlocked.Increment(ref _frames);

    /// <summary>Sends READY=1 (with an optional STATUS) and starts the periodic tick. Call once the first frame rendered.</summary>
    public void Ready(string? status = null)
    {
        lock (_tickLock)
        {
            _framesAtLastTick = FramesRendered;
            _lastTickTimestamp = _lastFrameTimestamp = _time.GetTimestamp();
            _stopped = false;
            _notifier.Ready(status);
            _timer ??= _time.CreateTimer(_ => Tick(), null, Period, Period);
        }
    }

    /// <summary>RELOADING=1 with MONOTONIC_USEC: a model reload started (frames keep rendering meanwhile).</summary>
    public void Reloading() => _notifier.Reloading();

    /// <summary>READY=1 again after a reload (whether the new model loaded or the old one was kept).</summary>
    public void Reloaded(string? status = null) => _notifier.Ready(status);

    /// <summary>Stops the pings and sends STOPPING=1 (SIGTERM received; shutdown may take TimeoutStopSec).</summary>
    public void Stopping()
    {
        StopTimer();
        _notifier.Stopping();
    }

    /// <summary>
    /// One timer tick: WATCHDOG=1 plus STATUS=rendering N fps when frames advanced since the last tick; otherwise no
    /// ping, and one STATUS=stalled per stall. Serialized (a slow tick never overlaps the next).
    /// </summary>
    private void Tick()
    {
        lock (_tickLock)
        {
            // A callback already queued when Stopping() ran must not ping after STOPPING=1.
            if (_stopped)
                return;
            long frames = FramesRendered;
            long now = _time.GetTimestamp();
            long advanced = frames - _framesAtLastTick;
            if (advanced > 0)
            {
                double seconds = _time.GetElapsedTime(_lastTickTimestamp, now).TotalSeconds;
                if (WatchdogEnabled)
                    _notifier.Watchdog();
                _notifier.Status(string.Create(CultureInfo.InvariantCulture,
                    $"rendering, {(seconds > 0 ? advanced / seconds : 0):0.0} fps, {frames} frames"));
                _lastFrameTimestamp = now;
                _stallReported = false;
            }
            else if (!_stallReported)
            {
                double stalledFor = _time.GetElapsedTime(_lastFrameTimestamp, now).TotalSeconds;
                _notifier.Status(string.Create(CultureInfo.InvariantCulture,
                    $"stalled: no frame rendered for {stalledFor:0.0} s"));
                _stallReported = true;
            }
            _framesAtLastTick = frames;
            _lastTickTimestamp = now;
        }
    }

    private void StopTimer()
    {
        ITimer? timer;
        lock (_tickLock)
        {
            _stopped = true;
            timer = _timer;
            _timer = null;
        }
        timer?.Dispose();
    }

    public void Dispose() => StopTimer();
}
