using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// `edgeavatar run` started as a real daemon-like child (control socket, pid file in a temp directory), optionally
/// with SIGHUP ignored as nohup leaves it. Collects stderr lines; kills the process tree on dispose.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();

    public DaemonProcess(string dir, IEnumerable<string> runArgs, bool ignoreHangup = false)
    {
        ControlSocket = Path.Combine(dir, "control.sock");
        PidFile = Path.Combine(dir, "edgeavatar.pid");
        string dll = Path.Combine(AppContext.BaseDirectory, "edgeavatar.dll");
        List<string> args = ["run", .. runArgs, "--control", ControlSocket, "--no-progress"];
        ProcessStartInfo info;
        if (ignoreHangup)
        {
            // `trap '' HUP` sets SIG_IGN, which exec passes on: exactly what nohup does to its child.
            info = new ProcessStartInfo("sh") { ArgumentList = { "-c", "trap '' HUP; exec dotnet \"$@\"", "sh", dll } };
        }
        else
        {
            info = new ProcessStartInfo("dotnet") { ArgumentList = { dll } };
        }
        foreach (string a in args) info.ArgumentList.Add(a);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        info.UseShellExecute = false;
        info.Environment["EDGEAVATAR_PIDFILE"] = PidFile;
        info.Environment.Remove("EDGEAVATAR_DEBUG");
        info.Environment.Remove("NOTIFY_SOCKET");
        info.Environment.Remove("WATCHDOG_USEC");
        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string ControlSocket { get; }
    public string PidFile { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string StdErr => string.Join("\n", _stderr);

    /// <summary>Waits until the control socket answers status with a rendering state (the SIGHUP handler is set by then).</summary>
    public async Task WaitRenderingAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited) throw new Xunit.Sdk.XunitException($"the daemon exited with {_process.ExitCode}: {StdErr}");
            if (File.Exists(ControlSocket))
            {
                try
                {
                    JsonElement r = await RequestAsync("{\"cmd\":\"status\"}", TimeSpan.FromSeconds(10));
                    if (r.GetProperty("ok").GetBoolean() && r.GetProperty("state").GetString() is "idle" or "speaking" or "rendering") return;
                }
                catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or JsonException) { }
            }
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"the daemon was not rendering within {limit}: {StdErr}");
    }

    /// <summary>One request line on a fresh connection; its reply as JSON.</summary>
    public async Task<JsonElement> RequestAsync(string line, TimeSpan? limit = null) => await RequestAsync(Encoding.UTF8.GetBytes(line + "\n"), limit);

    public async Task<JsonElement> RequestAsync(byte[] line, TimeSpan? limit = null)
    {
        using var guard = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await s.ConnectAsync(new UnixDomainSocketEndPoint(ControlSocket), guard.Token);
        try
        {
            await s.SendAsync(line, SocketFlags.None, guard.Token);
        }
        catch (SocketException)
        {
            // A refused connection ("too many") may be closed before the request is sent; its error line is still readable.
        }
        string? reply = await ReadLineAsync(s, guard.Token);
        if (reply is null)
            throw new IOException($"closed without a reply to {Encoding.UTF8.GetString(line).TrimEnd()} (daemon exited: {_process.HasExited}; stderr: {StdErr})");
        return JsonDocument.Parse(reply).RootElement.Clone();
    }

    public static async Task<string?> ReadLineAsync(Socket s, CancellationToken ct)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            int n = await s.ReceiveAsync(one, SocketFlags.None, ct);
            if (n == 0) return bytes.Count == 0 ? null : Encoding.UTF8.GetString([.. bytes]);
            if (one[0] == (byte)'\n') return Encoding.UTF8.GetString([.. bytes]);
            bytes.Add(one[0]);
        }
    }

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit; then also for the end of its stderr (so <see cref="StdErr"/> is complete).</summary>
    public bool WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit)) return false;
        _process.WaitForExit();
        return true;
    }

    public async Task<bool> WaitForStdErrAsync(string text, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_stderr.Any(l => l.Contains(text, StringComparison.Ordinal))) return true;
            await Task.Delay(100);
        }
        return false;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
