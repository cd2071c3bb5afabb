using System.Globalization;

namespace EdgeAvatar.Host.Deploy;

/// <summary>
/// Asks a running <c>edgeavatar run</c> daemon to reload its model: SIGHUP to the PID in its pid file
/// (/run/edgeavatar/edgeavatar.pid, or $EDGEAVATAR_PIDFILE). That is what <c>systemctl reload edgeavatar</c> does
/// as well (ExecReload=kill -HUP $MAINPID, or systemd itself with Type=notify-reload), so it works with and without
/// systemd. The daemon swaps models off the render thread and keeps the old one if the new one fails to load.
/// <para>
/// No daemon is not an error: the model switch is already durable and a daemon started later loads
/// <c>current</c>. Before signalling, /proc/&lt;pid&gt;/cmdline must name edgeavatar: after a crash the PID may have
/// been reused, and SIGHUP's default action would kill an unrelated process.
/// </para>
/// </summary>
public static class DaemonReloader
{
    public const string DefaultPidFile = "/run/edgeavatar/edgeavatar.pid";
    public const string PidFileEnvironmentVariable = "EDGEAVATAR_PIDFILE";

    public static string ResolvePidFile()
    {
        string? env = Environment.GetEnvironmentVariable(PidFileEnvironmentVariable);
        return string.IsNullOrEmpty(env) ? DefaultPidFile : env;
    }

    public static DaemonReloadOutcome RequestReload(string pidFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(pidFile).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new DaemonReloadOutcome(false, $"no running daemon ({pidFile} does not exist); it will load the new model when it starts");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DaemonReloadOutcome(false, $"cannot read {pidFile} ({e.Message}); run 'systemctl reload edgeavatar' to load the new model");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 1)
            return new DaemonReloadOutcome(false, $"{pidFile} does not hold a process id; no daemon signalled");
        if (!IsEdgeAvatar(pid))
            return new DaemonReloadOutcome(false, $"no running daemon (stale {pidFile}: process {pid} is not edgeavatar); not signalled");

        int errno = PosixFs.Kill(pid, PosixFs.SigHup);
        return errno switch
        {
            0 => new DaemonReloadOutcome(true, $"asked the daemon (pid {pid}) to reload the model (SIGHUP)"),
            PosixFs.Esrch => new DaemonReloadOutcome(false, $"no running daemon (process {pid} has exited); not signalled"),
            PosixFs.Eperm => new DaemonReloadOutcome(false, $"not allowed to signal the daemon (pid {pid}); run 'sudo systemctl reload edgeavatar'"),
            _ => new DaemonReloadOutcome(false, $"could not signal the daemon (pid {pid}, errno {errno}); run 'systemctl reload edgeavatar'"),
        };
    }

    /// <summary>argv[0] (apphost, /usr/bin/edgeavatar) or argv[1] (dotnet edgeavatar.dll) names edgeavatar.</summary>
    private static bool IsEdgeAvatar(int pid)
    {
        try
        {
            string[] argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return argv.Take(2).Any(a => Path.GetFileName(a).StartsWith("edgeavatar", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
