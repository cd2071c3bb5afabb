namespace EdgeAvatar.Host.Run;

/// <summary>
/// The daemon's pid file (what `edgeavatar model install` signals with SIGHUP). Written only when its directory
/// exists (systemd's RuntimeDirectory= creates /run/edgeavatar); removed on dispose if it still names this process.
/// </summary>
public sealed class PidFile : IDisposable
{
    private readonly string _path;

    private PidFile(string path) => _path = path;

    public static PidFile? TryCreate(string path)
    {
        string? dir = Path.GetDirectoryName(path);
        if (dir is null || !Directory.Exists(dir)) return null;
        try
        {
            Common.AtomicFile.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            return new PidFile(path);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public void Dispose()
    {
        try
        {
            if (File.Exists(_path) && File.ReadAllText(_path).Trim() == Environment.ProcessId.ToString())
                File.Delete(_path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
