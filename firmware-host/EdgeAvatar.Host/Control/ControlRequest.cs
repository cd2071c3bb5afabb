namespace EdgeAvatar.Host.Control;

/// <summary>One validated request. For <see cref="ControlCommand.Set"/> at least one of Background/Blink is set.</summary>
internal sealed record ControlRequest(ControlCommand Command, string? File = null, BackgroundSetting? Background = null, bool? Blink = null);
