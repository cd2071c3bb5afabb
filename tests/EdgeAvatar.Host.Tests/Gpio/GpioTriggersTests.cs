using EdgeAvatar.Common;
using EdgeAvatar.Host.Configuration;
using EdgeAvatar.Host.Gpio;
using EdgeAvatar.Host.Service;
using EdgeAvatar.Host.Tests.Service;

namespace EdgeAvatar.Host.Tests.Gpio;

/// <summary>
/// GpioTriggers end to end over a fake chip: real watcher threads, scripted edges stamped on a manual clock. Tests
/// wait for the watcher to go quiet (FakeInputLine.WaitUntilIdle) instead of sleeping, so no assertion depends on
/// how fast this machine is.
/// </summary>
public sealed class GpioTriggersTests : IDisposable
{
    private const int Presence = 4;
    private const int Button = 5;
    private const int Led = 6;
    private const string Greeting = "/usr/share/edgeavatar/hello.wav";

    private readonly ManualTimeProvider _clock = new();
    private readonly FakeGpioChip _chip = new();
    private readonly RecordingActions _actions = new();
    private readonly StringWriter _logText = new();
    private readonly JournalLogger _log;
    private GpioTriggers? _triggers;

    public GpioTriggersTests() => _log = new JournalLogger(_logText, LogLevel.Debug, journalFormat: false);

    private static GpioSettings Wired => new()
    {
        Chip = "fakechip0",
        PresenceLine = Presence,
        ButtonLine = Button,
        LedLine = Led,
        Debounce = TimeSpan.FromMilliseconds(30),
        IdleTimeout = TimeSpan.FromSeconds(60),
        GreetingFile = Greeting,
    };

    private GpioTriggers Start(GpioSettings? settings = null)
        => _triggers = GpioTriggers.Start(settings ?? Wired, _actions, _log, _ => _chip, _clock);

    private TimeSpan At(double ms) => _clock.Now + TimeSpan.FromMilliseconds(ms);

    /// <summary>
    /// Lets the watcher read every pushed edge before moving the clock: the script's edges are "in the past" of the
    /// new time, as they would be on real hardware.
    /// </summary>
    private void Advance(FakeInputLine line, TimeSpan by)
    {
        line.WaitUntilIdle();
        _clock.Advance(by);
    }

    public void Dispose() => _triggers?.Dispose();

    [Fact]
    public void A_bouncing_presence_edge_wakes_the_avatar_once_after_the_debounce_window()
    {
        Start();
        FakeInputLine presence = _chip.Input(Presence);
        presence.Push(true, At(1));
        presence.Push(false, At(3));
        presence.Push(true, At(6));

        presence.WaitUntilIdle();
        Assert.Empty(_actions.Calls); // the clock has not passed the debounce window yet
        Advance(presence, TimeSpan.FromMilliseconds(50));
        _actions.WaitForCalls(1);
        presence.WaitUntilIdle();

        Assert.Equal(["wake"], _actions.Calls);
    }

    [Fact]
    public void The_avatar_idles_only_after_the_timeout_without_presence()
    {
        Start();
        FakeInputLine presence = _chip.Input(Presence);
        presence.Push(true, At(0));
        Advance(presence, TimeSpan.FromMilliseconds(100));
        _actions.WaitForCalls(1);
        presence.Push(false, At(0));

        Advance(presence, TimeSpan.FromSeconds(59)); // absent for 59 s (debounce included): still awake
        presence.WaitUntilIdle();
        Assert.Equal(["wake"], _actions.Calls);
        Advance(presence, TimeSpan.FromSeconds(2));
        _actions.WaitForCalls(2);

        Assert.Equal(["wake", "idle"], _actions.Calls);
    }

    [Fact]
    public void Presence_returning_before_the_timeout_cancels_the_idle()
    {
        Start();
        FakeInputLine presence = _chip.Input(Presence);
        presence.Push(true, At(0));
        Advance(presence, TimeSpan.FromMilliseconds(100));
        _actions.WaitForCalls(1);
        presence.Push(false, At(0));
        Advance(presence, TimeSpan.FromSeconds(30));
        presence.WaitUntilIdle();

        presence.Push(true, At(0));
        Advance(presence, TimeSpan.FromSeconds(120));
        presence.WaitUntilIdle();

        Assert.Equal(["wake"], _actions.Calls);
    }

    [Fact]
    public void Someone_present_at_start_up_wakes_the_avatar()
    {
        _chip.InitialLevels[Presence] = true;
        Start();

        _actions.WaitForCalls(1);

        Assert.Equal(["wake"], _actions.Calls);
    }

    [Fact]
    public void A_debounced_button_press_plays_the_greeting_and_the_release_does_nothing()
    {
        Start();
        FakeInputLine button = _chip.Input(Button);
        button.Push(true, At(0));
        button.Push(false, At(1));
        button.Push(true, At(2));
        Advance(button, TimeSpan.FromMilliseconds(40));
        _actions.WaitForCalls(1);

        button.Push(false, At(0));
        Advance(button, TimeSpan.FromMilliseconds(40));
        button.WaitUntilIdle();

        Assert.Equal([$"button:{Greeting}"], _actions.Calls);
    }

    [Fact]
    public void Without_a_greeting_the_button_asks_to_start_listening()
    {
        Start(Wired with { GreetingFile = null });
        FakeInputLine button = _chip.Input(Button);
        button.Push(true, At(0));
        Advance(button, TimeSpan.FromMilliseconds(40));

        _actions.WaitForCalls(1);

        Assert.Equal(["button:listen"], _actions.Calls);
    }

    [Fact]
    public void A_glitch_shorter_than_the_debounce_window_is_not_a_press()
    {
        Start();
        FakeInputLine button = _chip.Input(Button);
        button.Push(true, At(0));
        button.Push(false, At(10));
        Advance(button, TimeSpan.FromMilliseconds(200));
        button.WaitUntilIdle();

        Assert.Empty(_actions.Calls);
    }

    [Fact]
    public void A_button_held_at_start_up_is_not_a_press_but_the_next_press_is()
    {
        _chip.InitialLevels[Button] = true;
        Start();
        FakeInputLine button = _chip.Input(Button);
        button.WaitUntilIdle();
        Assert.Empty(_actions.Calls);

        button.Push(false, At(0));
        button.Push(true, At(100));
        Advance(button, TimeSpan.FromMilliseconds(200));
        _actions.WaitForCalls(1);

        Assert.Equal([$"button:{Greeting}"], _actions.Calls);
    }

    [Fact]
    public void Lines_are_requested_with_the_configured_polarity_and_pull_up_for_active_low_inputs()
    {
        Start(Wired with { PresenceActiveLow = false, ButtonActiveLow = true, LedActiveLow = true });

        Assert.False(_chip.Input(Presence).ActiveLow);
        Assert.False(_chip.Input(Presence).PullUp);
        Assert.True(_chip.Input(Button).ActiveLow);
        Assert.True(_chip.Input(Button).PullUp);
        Assert.True(_chip.Output(Led).ActiveLow);
    }

    [Fact]
    public void The_led_is_on_when_ready_blinks_while_speaking_and_goes_off_on_dispose()
    {
        GpioTriggers triggers = Start();
        FakeOutputLine led = _chip.Output(Led);

        triggers.SetLed(LedState.Ready);
        led.WaitForLevel(true);
        triggers.SetLed(LedState.Speaking); // blink starts "on"
        _clock.Advance(TimeSpan.FromMilliseconds(260));
        led.WaitForLevel(false);
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        led.WaitForLevel(true);
        triggers.Dispose();

        Assert.False(led.Level);
        Assert.True(led.Disposed);
        Assert.True(_chip.Disposed);
        Assert.All(_chip.RequestedInputs, line => Assert.True(line.Disposed));
    }

    [Fact]
    public void An_exception_in_an_action_is_logged_and_the_watcher_keeps_running()
    {
        _actions.ThrowOnWake = new InvalidOperationException("render loop not ready");
        Start();
        FakeInputLine presence = _chip.Input(Presence);
        presence.Push(true, At(0));
        Advance(presence, TimeSpan.FromMilliseconds(100));
        _actions.WaitForCalls(1);

        FakeInputLine button = _chip.Input(Button);
        button.Push(true, At(0));
        Advance(button, TimeSpan.FromMilliseconds(100));
        _actions.WaitForCalls(2);

        Assert.Contains("error: GPIO Wake handler failed: render loop not ready", _logText.ToString());
    }

    [Fact]
    public void Nothing_wired_means_disabled_without_opening_a_chip()
    {
        bool opened = false;
        using GpioTriggers triggers = GpioTriggers.Start(new GpioSettings(), _actions, _log, _ => { opened = true; return _chip; }, _clock);

        triggers.SetLed(LedState.Fault); // a no-op, not a crash

        Assert.False(triggers.IsEnabled);
        Assert.False(opened);
        Assert.Contains("no gpio", triggers.DisabledReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_chip_that_cannot_be_opened_disables_gpio_with_one_warning_and_no_exception()
    {
        using GpioTriggers triggers = GpioTriggers.Start(Wired, _actions, _log,
            _ => throw new EdgeAvatarException(ExitCodes.Unavailable, "GPIO chip 'fakechip0' could not be opened"), _clock);

        Assert.False(triggers.IsEnabled);
        string[] lines = _logText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["warning: GPIO disabled: GPIO chip 'fakechip0' could not be opened"], lines);
    }

    [Fact]
    public void A_busy_line_disables_gpio_and_releases_the_lines_already_requested()
    {
        _chip.BusyLines.Add(Led);

        using GpioTriggers triggers = Start();

        Assert.False(triggers.IsEnabled);
        Assert.Contains("line 6", triggers.DisabledReason);
        Assert.Equal(2, _chip.RequestedInputs.Count);
        Assert.All(_chip.RequestedInputs, line => Assert.True(line.Disposed));
        Assert.True(_chip.Disposed);
    }

    [Fact]
    public void Dispose_stops_the_watchers_and_releases_every_line()
    {
        GpioTriggers triggers = Start();
        Assert.True(triggers.IsEnabled);

        triggers.Dispose();

        Assert.All(_chip.RequestedInputs, line => Assert.True(line.Disposed));
        Assert.All(_chip.RequestedOutputs, line => Assert.True(line.Disposed));
        Assert.True(_chip.Disposed);
    }
}
