using System.Diagnostics;

namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// Runs programs as real child processes (the built edgeavatar.dll via <c>dotnet</c>, dpkg, shell scripts), the way
/// an operator or systemd does, so exit codes and the stdout/stderr split are tested end to end. The timeout is a
/// hang guard only, never an assertion about speed.
/// </summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
    }

    // A hang guard, not a speed limit: the self-contained publish inside build-deb takes minutes on a loaded 2-core CI box.
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromMinutes(20);

    /// <summary>Path of the edgeavatar.dll copied next to the test assembly by the project reference.</summary>
    public static string EdgeAvatarDll => Path.Combine(AppContext.BaseDirectory, "edgeavatar.dll");

    /// <summary>Runs <c>dotnet edgeavatar.dll args</c> with extra environment variables.</summary>
    public static Result EdgeAvatar(IReadOnlyDictionary<string, string?>? environment, params string[] args)
        => Run("dotnet", [EdgeAvatarDll, .. args], environment);

    /// <summary>Starts <c>dotnet edgeavatar.dll args</c> without waiting (stderr redirected, stdout discarded).</summary>
    public static Process StartEdgeAvatar(IReadOnlyDictionary<string, string?> environment, params string[] args)
        => Start("dotnet", [EdgeAvatarDll, .. args], environment);

    public static Result Run(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        using Process process = Start(fileName, args, environment, workingDirectory);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_hangGuard))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} hung (killed after {s_hangGuard})");
        }
        process.WaitForExit(); // drains the redirected streams
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Process Start(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
            info.WorkingDirectory = workingDirectory;
        foreach (string a in args)
            info.ArgumentList.Add(a);
        // Never inherit settings that would change what is tested.
        foreach (string name in new[] { "EDGEAVATAR_DEBUG", "EDGEAVATAR_STORE", "EDGEAVATAR_PIDFILE", "EDGEAVATAR_TEST_CRASH_AT" })
            info.Environment.Remove(name);
        // Never let a test signal a real daemon on this machine.
        info.Environment["EDGEAVATAR_PIDFILE"] = "/nonexistent/edgeavatar-test.pid";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                    info.Environment.Remove(name);
                else
                    info.Environment[name] = value;
            }
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
    }
}
