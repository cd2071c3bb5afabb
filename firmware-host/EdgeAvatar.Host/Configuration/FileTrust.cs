using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Configuration;

/// <summary>
/// A file that anyone on the machine may write is not a safe input for the daemon: whoever edits a world-writable
/// config chooses the model, sockets and outputs, and whoever edits a world-writable model chooses what is shown.
/// The daemon (`run --config`) refuses both (exit 78, so systemd stops restarting); a hand-started run only warns.
/// </summary>
public static class FileTrust
{
    /// <summary>True when <paramref name="path"/> (following symlinks) exists and has the other-write bit.</summary>
    public static bool IsWorldWritable(string path)
        => OperatingSystem.IsLinux() && File.Exists(path) && File.GetUnixFileMode(path).HasFlag(UnixFileMode.OtherWrite);

    /// <summary>Refuses (78) or warns on <paramref name="warnings"/> about a world-writable <paramref name="path"/>.</summary>
    public static void Check(string path, string what, bool refuse, TextWriter warnings)
    {
        if (!IsWorldWritable(path)) return;
        string message = $"{what} {path} is writable by every user (chmod o-w it): anyone could change what the daemon runs.";
        if (refuse) throw new EdgeAvatarException(ExitCodes.Config, message);
        warnings.WriteLine($"edgeavatar: warning: {message}");
    }
}
