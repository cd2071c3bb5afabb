using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeAvatar.Tests.Avatars;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// `edgeavatar run` as the daemon, on the shipped sample avatar at a small size on the CPU: config keys are honoured
/// or refused, unsafe config and model files are refused, signals behave (SIGHUP reloads whatever was inherited; a
/// second stop signal ends a run stuck in a frame), and a scripted abuse run of the control socket and the loopback
/// audio socket leaves the daemon rendering and answering.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes, FIFOs, signals
public sealed class DaemonReliabilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ea-daemon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static string RepoFile(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "EdgeAvatar.sln"))) return Path.Combine(d.FullName, relative);
        throw new FileNotFoundException("repository root not found above " + AppContext.BaseDirectory);
    }

    private static bool HaveFfmpeg => File.Exists("/usr/bin/ffmpeg");

    private string Model()
    {
        string model = PathOf("model.eavm");
        if (!File.Exists(model)) File.Copy(AvatarFiles.SamplePath, model);
        return model;
    }

    private string Config(params string[] lines)
    {
        string path = PathOf("edgeavatar.conf");
        File.WriteAllLines(path, lines);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    [SkippableFact]
    public void Config_width_and_height_set_the_rendered_size()
    {
        Skip.IfNot(HaveFfmpeg, "needs ffmpeg");
        string output = PathOf("out.y4m");
        var r = ProgramRunner.Run("edgeavatar", "run", "--config", Config("width = 64", "height = 48", "control.socket = " + PathOf("control.sock")), "--model", Model(),
            "--audio", RepoFile("samples/drive/en_male_jfk_11s.flac"), "-o", "y4m:" + output, "--device", "cpu", "--max-frames", "2", "--no-progress");

        Assert.True(r.ExitCode == 0, r.StdErr);
        using var reader = new StreamReader(output);
        string header = reader.ReadLine()!;
        Assert.Contains(" W64 H48 ", header + " ", StringComparison.Ordinal);
    }

    [Fact]
    public void A_world_writable_config_is_refused_with_78()
    {
        string config = Config("blink = on");
        File.SetUnixFileMode(config, File.GetUnixFileMode(config) | UnixFileMode.OtherWrite);

        var r = ProgramRunner.Run("edgeavatar", "run", "--config", config, "--model", Model(), "--audio", "none", "-o", "y4m:-");

        TrainCommandTests.AssertCleanFailure(r, 78, "writable by every user", "edgeavatar");
    }

    [Fact]
    public void A_world_writable_model_is_refused_for_the_daemon_with_78()
    {
        string model = Model();
        File.SetUnixFileMode(model, File.GetUnixFileMode(model) | UnixFileMode.OtherWrite);

        var r = ProgramRunner.Run("edgeavatar", "run", "--config", Config("blink = on"), "--model", model, "--audio", "none", "-o", "y4m:-");

        TrainCommandTests.AssertCleanFailure(r, 78, "writable by every user", "edgeavatar");
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("fifo")]
    public void A_config_that_is_not_a_regular_file_is_refused_with_78_at_once(string which)
    {
        string config = which;
        if (which == "fifo")
        {
            config = PathOf("config.fifo");
            using var mk = Process.Start("mkfifo", [config])!;
            mk.WaitForExit();
        }
        var clock = Stopwatch.StartNew();

        var r = ProgramRunner.Run("edgeavatar", "run", "--config", config, "--model", Model(), "--audio", "none", "-o", "y4m:-");

        TrainCommandTests.AssertCleanFailure(r, 78, "not a regular file", "edgeavatar");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [SkippableFact]
    public async Task Sighup_reloads_the_daemon_even_when_it_was_started_with_sighup_ignored()
    {
        Skip.IfNot(HaveFfmpeg, "needs ffmpeg");
        using var daemon = new DaemonProcess(_dir, ["--model", Model(), "--audio", "none", "-o", "y4m:" + PathOf("out.y4m"), "--size", "32", "--device", "cpu"],
            ignoreHangup: true);
        await daemon.WaitRenderingAsync(TimeSpan.FromMinutes(2));

        daemon.Signal("HUP");

        Assert.True(await daemon.WaitForStdErrAsync("model reloaded", TimeSpan.FromMinutes(1)), "no reload after SIGHUP: " + daemon.StdErr);
        Assert.False(daemon.HasExited);
    }

    [SkippableFact]
    public async Task A_second_stop_signal_ends_a_run_stuck_in_a_long_frame_at_once_with_130_and_no_stack_trace()
    {
        Skip.IfNot(HaveFfmpeg, "needs ffmpeg");
        // A 4096² CPU frame takes minutes on this machine: the first SIGTERM cancels, but the frame does not look.
        using var daemon = new DaemonProcess(_dir, ["--model", Model(), "--audio", "none", "-o", "y4m:" + PathOf("out.y4m"), "--size", "4096", "--device", "cpu"]);
        await daemon.WaitRenderingAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(1000); // inside the first frame

        daemon.Signal("TERM");
        await Task.Delay(500);
        Assert.False(daemon.HasExited, "the frame ended early; the test needs a longer one");
        daemon.Signal("TERM");

        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(20)), "a second SIGTERM did not end the run");
        Assert.Equal(130, daemon.ExitCode);
        Assert.Contains("interrupted", daemon.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", daemon.StdErr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The abuse run: every control-socket case of the reliability probe (bounded: a few hundred requests, about a
    /// minute), plus junk on the loopback TCP audio socket. Afterwards the daemon still renders (its output grows)
    /// and answers status.
    /// </summary>
    [SkippableFact]
    public async Task The_daemon_survives_a_scripted_abuse_run_of_its_sockets_and_still_renders()
    {
        Skip.IfNot(HaveFfmpeg, "needs ffmpeg");
        int port = FreeLoopbackPort();
        string output = PathOf("out.y4m");
        string model = Model();
        using var daemon = new DaemonProcess(_dir, ["--model", model, "--audio", $"tcp:127.0.0.1:{port}", "-o", "y4m:" + output, "--size", "32", "--device", "cpu"]);
        await daemon.WaitRenderingAsync(TimeSpan.FromMinutes(2));
        var abuse = Stopwatch.StartNew();

        // 1. set background: missing, text named .png, symlink to /dev/zero, FIFO, a directory.
        string text = PathOf("text.png"); File.WriteAllText(text, "hello");
        string zero = PathOf("zero.png"); File.CreateSymbolicLink(zero, "/dev/zero");
        string fifo = PathOf("fifo.png"); MkFifo(fifo);
        string dir = PathOf("dir.png"); Directory.CreateDirectory(dir);
        foreach (string bad in new[] { PathOf("missing.png"), text, zero, fifo, dir })
            AssertError(await daemon.RequestAsync($"{{\"cmd\":\"set\",\"background\":\"{bad}\"}}"));

        // 2. speak: FIFO, device, directory, missing.
        string speechFifo = PathOf("speech.wav"); MkFifo(speechFifo);
        foreach (string bad in new[] { speechFifo, "/dev/zero", _dir, PathOf("missing.wav") })
            AssertError(await daemon.RequestAsync($"{{\"cmd\":\"speak\",\"file\":\"{bad}\"}}"));
        AssertOk(await daemon.RequestAsync("{\"cmd\":\"status\"}", TimeSpan.FromSeconds(5))); // the channel is not blocked

        // 3. invalid UTF-8 in a string, garbage, a line over the limit.
        AssertError(await daemon.RequestAsync([.. "{\"cmd\":\"speak\",\"file\":\"/x"u8, 0xFF, 0xFE, .. "\"}\n"u8]));
        var rng = new Random(24);
        for (int i = 0; i < 40; i++)
        {
            byte[] junk = new byte[rng.Next(1, 300)];
            rng.NextBytes(junk);
            junk[^1] = (byte)'\n';
            await SendAndMaybeReadAsync(daemon.ControlSocket, junk);
        }
        await SendAndMaybeReadAsync(daemon.ControlSocket, [.. Enumerable.Repeat((byte)'x', 70 * 1024), (byte)'\n']);

        // 4. a model that is not drawable, then reload: refused, the old one keeps rendering; restored, reload works.
        string saved = PathOf("saved.eavm");
        File.Copy(model, saved);
        AvatarFiles.Rewrite(model, tensor: (name, v) => { if (name == "idle.pose_track") v[0] = float.NaN; });
        AssertError(await daemon.RequestAsync("{\"cmd\":\"reload\"}", TimeSpan.FromMinutes(1)));
        File.Copy(saved, model, overwrite: true);
        AssertOk(await daemon.RequestAsync("{\"cmd\":\"reload\"}", TimeSpan.FromMinutes(1)));

        // 5. idle connections beyond the limit (8): a new client is still served.
        var idle = new List<Socket>();
        for (int i = 0; i < 12; i++)
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(daemon.ControlSocket));
            idle.Add(s);
        }
        await Task.Delay(1500); // idle for longer than the server's EvictIdleAfter (1 s)
        AssertOk(await daemon.RequestAsync("{\"cmd\":\"status\"}", TimeSpan.FromSeconds(10)));
        foreach (Socket s in idle) s.Dispose();

        // 6. the loopback audio socket: junk, half-written samples, abrupt closes.
        for (int i = 0; i < 20; i++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                byte[] junk = new byte[rng.Next(1, 5000)];
                rng.NextBytes(junk);
                await tcp.SendAsync(junk, SocketFlags.None);
                if (i % 2 == 0) tcp.LingerState = new LingerOption(true, 0); // reset instead of a clean close
            }
            catch (SocketException)
            {
                // A busy single-client source may refuse: that is its right, not a failure.
            }
        }

        // 7. a burst of valid requests from several clients at once.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            for (int i = 0; i < 30; i++) AssertOk(await StatusRetryingAsync(daemon));
        }));
        Assert.True(abuse.Elapsed < TimeSpan.FromMinutes(4), $"the abuse run took {abuse.Elapsed}");

        // Still alive, answering, and rendering: the output keeps growing.
        Assert.False(daemon.HasExited, daemon.StdErr);
        JsonElement status = await daemon.RequestAsync("{\"cmd\":\"status\"}");
        AssertOk(status);
        // The y4m sink writes to a hidden .partial file until the run ends (then renames it): watch that grow.
        long Written() => Directory.EnumerateFiles(_dir, ".out.y4m.partial*").Sum(f => new FileInfo(f).Length);
        // It flushes in 1 MiB blocks (about 27 s of 32² frames at 25 fps), so allow two blocks' time.
        long before = Written();
        var wait = Stopwatch.StartNew();
        while (Written() <= before && wait.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(500);
        Assert.True(Written() > before, "the daemon stopped rendering");
        Assert.DoesNotContain("   at ", daemon.StdErr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Status, retried (bounded) while the server answers "too many connections": closed connections hold their slot
    /// until the server has noticed the close, so a burst may be refused for a moment; that is the documented reply.
    /// </summary>
    private static async Task<JsonElement> StatusRetryingAsync(DaemonProcess daemon)
    {
        for (int attempt = 0; ; attempt++)
        {
            JsonElement r = await daemon.RequestAsync("{\"cmd\":\"status\"}");
            if (r.GetProperty("ok").GetBoolean() || attempt >= 100
                || !r.GetProperty("error").GetString()!.Contains("too many", StringComparison.Ordinal)) return r;
            await Task.Delay(20);
        }
    }

    private static async Task SendAndMaybeReadAsync(string socket, byte[] bytes)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), guard.Token);
        try
        {
            await s.SendAsync(bytes, SocketFlags.None, guard.Token);
            string? reply = await DaemonProcess.ReadLineAsync(s, guard.Token);
            if (reply is not null) Assert.False(JsonDocument.Parse(reply).RootElement.GetProperty("ok").GetBoolean(), reply);
        }
        catch (SocketException)
        {
            // The server may close on an over-long line before reading all of it.
        }
    }

    private static void MkFifo(string path)
    {
        using var mk = Process.Start("mkfifo", [path])!;
        mk.WaitForExit();
    }

    private static int FreeLoopbackPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static void AssertOk(JsonElement reply) => Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());

    private static void AssertError(JsonElement reply) => Assert.False(reply.GetProperty("ok").GetBoolean(), reply.ToString());
}
