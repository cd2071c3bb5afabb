namespace EdgeAvatar.Host.Deploy;

/// <summary>What <see cref="DaemonReloader.RequestReload"/> did: whether a signal was sent, and one line for stderr.</summary>
public sealed record DaemonReloadOutcome(bool Signalled, string Message);
