namespace EdgeAvatar.Host.Control;

/// <summary>A reply line from the control socket.</summary>
/// <param name="Ok">The "ok" field.</param>
/// <param name="Error">The "error" field when not ok.</param>
/// <param name="Json">The whole reply line (without '\n'), e.g. for `edgeavatar ctl` to print.</param>
public sealed record ControlReply(bool Ok, string? Error, string Json);
