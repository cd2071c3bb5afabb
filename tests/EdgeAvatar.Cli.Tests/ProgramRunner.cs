using System.Diagnostics;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// Runs one of the built programs (edgeavatar, edgeavatar-train) as a real child process, the way scripts and
/// systemd do, so exit codes and the stdout/stderr split are tested end to end.
/// </summary>
public static class ProgramRunner
{
    /// <summary>
    /// A hang guard, not a speed limit: the slowest call (a Vulkan render on lavapipe with validation on) takes
    /// ~80 s on an idle 2-core machine and went past a 2-minute guard on a loaded one.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(8);

    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(string program, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, program + ".dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string a in args)
            info.ArgumentList.Add(a);
        info.Environment.Remove("EDGEAVATAR_DEBUG");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(HangGuard))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not exit within {HangGuard.TotalMinutes} minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
