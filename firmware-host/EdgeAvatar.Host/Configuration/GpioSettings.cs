namespace EdgeAvatar.Host.Configuration;

/// <summary>
/// gpio.* keys of the daemon configuration. A line offset of -1 means "not wired"; <see cref="Chip"/> null
/// (gpio.chip = none) disables GPIO entirely. Active-low describes the wiring: a button between the pin and ground
/// reads low when pressed, so it is active-low and gets the internal pull-up where the kernel supports bias.
/// </summary>
public sealed record GpioSettings
{
    public const int NotWired = -1;

    /// <summary>Chip name ("gpiochip0"), label, or /dev path; null = GPIO disabled.</summary>
    public string? Chip { get; init; } = "gpiochip0";

    /// <summary>Presence sensor (PIR/radar) input line: active wakes the avatar.</summary>
    public int PresenceLine { get; init; } = NotWired;

    public bool PresenceActiveLow { get; init; }

    /// <summary>Push button input line: a press plays <see cref="GreetingFile"/> or starts listening.</summary>
    public int ButtonLine { get; init; } = NotWired;

    /// <summary>Default true: the usual wiring is a button to ground with a pull-up.</summary>
    public bool ButtonActiveLow { get; init; } = true;

    /// <summary>Status LED output line.</summary>
    public int LedLine { get; init; } = NotWired;

    public bool LedActiveLow { get; init; }

    /// <summary>An input level must be stable this long to count (contact bounce is typically 1-20 ms).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Back to idle after this long without presence.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Audio file played when the button is pressed; null = the button starts listening instead.</summary>
    public string? GreetingFile { get; init; }

    /// <summary>Text said (through eSpeak NG) when the button is pressed; exclusive with <see cref="GreetingFile"/>.</summary>
    public string? GreetingText { get; init; }

    /// <summary>True when a chip is named and at least one line is wired.</summary>
    public bool AnyLineWired => Chip is not null && (PresenceLine >= 0 || ButtonLine >= 0 || LedLine >= 0);
}
