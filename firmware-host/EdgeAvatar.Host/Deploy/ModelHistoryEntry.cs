namespace EdgeAvatar.Host.Deploy;

/// <summary>One activation of a model: it became <c>current</c> at <see cref="ActivatedAt"/>.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 from the model header (= its directory name under models/).</param>
/// <param name="ActivatedAt">When it became current (UTC), or the directory's mtime for a recovered entry.</param>
/// <param name="Source">The file it was installed from, "rollback", or "recovered".</param>
public sealed record ModelHistoryEntry(string Sha256, DateTimeOffset ActivatedAt, string Source);
