namespace EdgeAvatar.Host.Deploy;

/// <summary>What an install or rollback did to the store.</summary>
/// <param name="Sha256">The version <c>current</c> names now.</param>
/// <param name="PreviousSha256">The version it named before, or null on a first install.</param>
/// <param name="Changed">False when the version was already current (nothing switched, daemon not signalled).</param>
/// <param name="Pruned">Versions deleted to honour --keep.</param>
public sealed record ModelSwitchResult(string Sha256, string? PreviousSha256, bool Changed, IReadOnlyList<string> Pruned)
{
    /// <summary>
    /// Set when the switch happened but history.json could not be written afterwards (disk full): the command still
    /// reloads the daemon, then reports this and exits 74.
    /// </summary>
    public string? HistoryError { get; init; }
}
