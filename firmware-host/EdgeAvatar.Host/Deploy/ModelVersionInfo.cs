namespace EdgeAvatar.Host.Deploy;

/// <summary>One version in the store, as <c>model list</c> reports it.</summary>
/// <param name="Sha256">Content address (header SHA-256, = directory name).</param>
/// <param name="Path">Absolute path of its model.eavm.</param>
/// <param name="SizeBytes">File size, or 0 when the file is missing.</param>
/// <param name="Kind">Manifest kind when it verified, else null.</param>
/// <param name="Error">Why it failed verification, or null when it verified.</param>
/// <param name="IsCurrent">The <c>current</c> symlink names it.</param>
/// <param name="IsPrevious">It is what <c>rollback</c> would switch to.</param>
/// <param name="ActivatedAt">When it last became current (history), or its directory mtime when not recorded.</param>
public sealed record ModelVersionInfo(string Sha256, string Path, long SizeBytes, string? Kind, string? Error,
    bool IsCurrent, bool IsPrevious, DateTimeOffset ActivatedAt)
{
    public bool Verified => Error is null;
}
