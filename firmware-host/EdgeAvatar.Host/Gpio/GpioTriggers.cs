using EdgeAvatar.Host.Configuration;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// The kiosk's GPIO accessories: a presence sensor (wake the avatar; idle again after gpio.idle_timeout_s without
/// presence), a push button (greeting / start listening) and a status LED (<see cref="SetLed"/>). Each input line is
/// debounced on its own thread and reported to <see cref="IGpioActions"/>.
/// <para>
/// GPIO is optional hardware: <see cref="Start(GpioSettings, IGpioActions, JournalLogger, TimeProvider?)"/> never
/// throws. With nothing wired, no libgpiod, no chip, or a line that cannot be requested it logs one line and returns
/// a disabled instance whose methods are no-ops, and the avatar runs without GPIO.
/// </para>
/// </summary>
public sealed class GpioTriggers : IDisposable
{
    private readonly IGpioChip? _chip;
    private readonly List<GpioInputWatcher> _watchers = [];
    private readonly LedDriver? _led;

    private GpioTriggers(string disabledReason) => DisabledReason = disabledReason;

    private GpioTriggers(IGpioChip chip, List<GpioInputWatcher> watchers, LedDriver? led)
    {
        _chip = chip;
        _watchers = watchers;
        _led = led;
    }

    /// <summary>True when the chip is open and the configured lines are being watched/driven.</summary>
    public bool IsEnabled => _chip is not null;

    /// <summary>Why GPIO is off (the logged line); null when enabled.</summary>
    public string? DisabledReason { get; }

    /// <summary>Starts GPIO on the real hardware (System.Device.Gpio over libgpiod v1 or v2).</summary>
    public static GpioTriggers Start(GpioSettings settings, IGpioActions actions, JournalLogger log, TimeProvider? time = null)
        => Start(settings, actions, log, chip => GpioControllerChip.Open(chip, time), time);

    /// <summary>
    /// Starts GPIO with an explicit chip opener (tests pass a fake chip). <paramref name="time"/> must be the clock
    /// the chip stamps edges with (see <see cref="GpioEdge"/>).
    /// </summary>
    public static GpioTriggers Start(GpioSettings settings, IGpioActions actions, JournalLogger log,
        Func<string, IGpioChip> openChip, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(actions);
        TimeProvider clock = time ?? TimeProvider.System;
        if (!settings.AnyLineWired)
        {
            const string Reason = "GPIO disabled: no gpio.*.line configured (or gpio.chip = none)";
            log.Info(Reason);
            return new GpioTriggers(Reason);
        }

        IGpioChip? chip = null;
        var requested = new List<IDisposable>();
        try
        {
            chip = openChip(settings.Chip!);
            IGpioInputLine? presence = null, button = null;
            IGpioOutputLine? led = null;
            if (settings.PresenceLine >= 0)
                requested.Add(presence = chip.RequestInput(settings.PresenceLine, settings.PresenceActiveLow, pullUp: settings.PresenceActiveLow));
            if (settings.ButtonLine >= 0)
                requested.Add(button = chip.RequestInput(settings.ButtonLine, settings.ButtonActiveLow, pullUp: settings.ButtonActiveLow));
            if (settings.LedLine >= 0)
                requested.Add(led = chip.RequestOutput(settings.LedLine, settings.LedActiveLow, initiallyActive: false));

            // Every line is requested before any thread starts, so a failure above has nothing running to stop.
            var watchers = new List<GpioInputWatcher>();
            if (presence is not null)
                watchers.Add(WatchPresence(presence, settings, actions, clock, log));
            if (button is not null)
                watchers.Add(WatchButton(button, settings, actions, clock, log));
            LedDriver? driver = led is null ? null : new LedDriver(led, clock, log);
            log.Info($"GPIO enabled on {chip.Name}: presence line {Describe(settings.PresenceLine)}, " +
                     $"button line {Describe(settings.ButtonLine)}, LED line {Describe(settings.LedLine)}");
            return new GpioTriggers(chip, watchers, driver);
        }
        catch (Exception e)
        {
            // Any failure (missing library, chip, line busy, bad offset): GPIO is an accessory, never a reason to stop.
            foreach (IDisposable line in requested)
                line.Dispose();
            chip?.Dispose();
            string reason = $"GPIO disabled: {e.Message}";
            log.Warning(reason);
            return new GpioTriggers(reason);
        }
    }

    /// <summary>Shows <paramref name="state"/> on the status LED; a no-op without one. Any thread.</summary>
    public void SetLed(LedState state) => _led?.SetState(state);

    /// <summary>Stops the watcher threads (promptly: each wait is bounded), turns the LED off, releases the chip.</summary>
    public void Dispose()
    {
        foreach (GpioInputWatcher watcher in _watchers)
            watcher.Dispose();
        _watchers.Clear();
        _led?.Dispose();
        _chip?.Dispose();
    }

    private static GpioInputWatcher WatchPresence(IGpioInputLine line, GpioSettings settings, IGpioActions actions,
        TimeProvider time, JournalLogger log)
    {
        // Touched only by the presence thread.
        var tracker = new PresenceTracker(settings.IdleTimeout);
        void Dispatch(PresenceAction action)
        {
            if (action == PresenceAction.Wake)
                Invoke(log, "Wake", actions.Wake);
            else if (action == PresenceAction.Idle)
                Invoke(log, "Idle", actions.Idle);
        }
        return new GpioInputWatcher("presence", line, settings.Debounce, time, log,
            // Someone already in front of the kiosk at start-up wakes it too.
            (change, _) => Dispatch(tracker.OnPresence(change.Active, change.Since)),
            now =>
            {
                Dispatch(tracker.OnTime(now));
                return tracker.IdleDeadline;
            });
    }

    private static GpioInputWatcher WatchButton(IGpioInputLine line, GpioSettings settings, IGpioActions actions,
        TimeProvider time, JournalLogger log)
        => new("button", line, settings.Debounce, time, log,
            // A button held (or stuck) at start-up is not a press; only a debounced press edge is.
            (change, initial) =>
            {
                if (change.Active && !initial)
                    Invoke(log, "Button", () => actions.Button(settings.GreetingFile));
            },
            _ => null);

    private static void Invoke(JournalLogger log, string name, Action action)
    {
        try
        {
            log.Debug($"GPIO: {name}");
            action();
        }
        catch (Exception e)
        {
            log.Error($"GPIO {name} handler failed: {e.Message}");
        }
    }

    private static string Describe(int line) => line >= 0 ? line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
}
