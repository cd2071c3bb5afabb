namespace EdgeAvatar.Host.Control;

/// <summary>
/// One validated request. For <see cref="ControlCommand.Set"/> at least one of Background/Blink is set; for
/// <see cref="ControlCommand.Say"/> Text is set and Language may be.
/// </summary>
internal sealed record ControlRequest(ControlCommand Command, string? File = null, BackgroundSetting? Background = null, bool? Blink = null,
    string? Text = null, string? Language = null);
