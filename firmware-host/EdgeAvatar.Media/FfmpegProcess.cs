using System.ComponentModel;
using System.Diagnostics;
using EdgeAvatar.Common;

namespace EdgeAvatar.Media;

/// <summary>
/// One running ffmpeg/ffprobe child with redirected pipes. stderr is drained in the background into a
/// <see cref="StderrTail"/> (so a chatty child can never block on a full stderr pipe). Dispose kills the child if it
/// is still running and reaps it: no orphan ffmpeg survives its owner.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private int _disposed;

    private FfmpegProcess(Process process, StderrTail tail)
    {
        _process = process;
        Stderr = tail;
    }

    public StderrTail Stderr { get; }
    public Stream StandardOutput => _process.StandardOutput.BaseStream;
    public Stream StandardInput => _process.StandardInput.BaseStream;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public int Id => _process.Id;

    /// <summary>
    /// True when the child ended because of SIGINT/SIGTERM, not because of its input or output: .NET reports a death
    /// by signal as 128 + signo, and ffmpeg, which catches both, exits 255 (measured with Debian 12's ffmpeg 5.1; its
    /// errors exit 1, and at -v error it prints nothing about the signal). Ctrl+C in a terminal (or systemd stopping
    /// the unit) signals ffmpeg too, often before our own handler runs; its failure must then read as an
    /// interruption (exit 130), not as a bad file or a failed write.
    /// </summary>
    public bool EndedBySignal => _process.HasExited && _process.ExitCode is 255 or 128 + 2 or 128 + 15;

    /// <summary>The exception for a child that <see cref="EndedBySignal"/>: cancellation, which commands report as 130.</summary>
    public OperationCanceledException Interrupted(string doing) => new($"ffmpeg was stopped by a signal while {doing}.");

    /// <summary>Starts <paramref name="program"/>; a missing program is <see cref="ExitCodes.Unavailable"/>.</summary>
    public static FfmpegProcess Start(string program, IEnumerable<string> args, bool redirectStdin = false)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        var process = new Process { StartInfo = psi };
        var tail = new StderrTail();
        process.ErrorDataReceived += (_, e) => tail.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"Cannot run '{program}' ({ex.Message}). Install Debian's '{MediaTools.DebianPackage}' package " +
                $"(apt-get install {MediaTools.DebianPackage}) or set EDGEAVATAR_FFMPEG/EDGEAVATAR_FFPROBE.", ex);
        }
        process.BeginErrorReadLine();
        return new FfmpegProcess(process, tail);
    }

    /// <summary>
    /// Runs to completion, returning exit code, stdout and the stderr tail (small outputs only). A child stopped by
    /// SIGINT/SIGTERM is an interruption (<see cref="OperationCanceledException"/>), not a result to interpret.
    /// </summary>
    public static (int ExitCode, string Stdout, string Stderr) RunToEnd(string program, IEnumerable<string> args)
    {
        using var p = Start(program, args);
        string stdout = p._process.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.EndedBySignal) throw p.Interrupted($"running {Path.GetFileName(program)}");
        return (p.ExitCode, stdout, p.Stderr.ToString());
    }

    /// <summary>Waits for exit and for the stderr reader to finish (so the tail is complete).</summary>
    public void WaitForExit() => _process.WaitForExit();

    /// <summary>Waits up to <paramref name="timeout"/>; true when the child has exited.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills the child (and its children) if still running; never throws.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        catch (Win32Exception) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Kill();
        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
