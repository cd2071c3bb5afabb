using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeAvatar.Host.Control;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Host.Run;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Tests.Avatars;

namespace EdgeAvatar.Host.Tests.Run;

/// <summary>
/// The daemon's control handler behind a real control socket: a bad background or speech file gets an error reply
/// before anything is queued for the render loop, and file work never stalls the channel.
/// </summary>
public sealed class RunControlTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine("/tmp", "earc-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly CancellationTokenSource _stop = new();
    private LiveAudioFeed _feed = null!;
    private RunControl _control = null!;
    private ControlServer _server = null!;

    private string SocketPath => Path.Combine(_dir, "control.sock");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _feed = new LiveAudioFeed(null);
        _control = new RunControl(AvatarFiles.SamplePath, m => new AvatarDriver(m), () => 0, () => 0, 0, _stop, _feed)
        {
            FrameSize = (512, 512),
            State = "rendering",
        };
        _server = ControlServer.Start(SocketPath, _control);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _feed.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One request on a fresh connection; the reply within 20 s (a hang guard), as JSON.</summary>
    private async Task<JsonElement> RoundTripAsync(string request)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await s.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await s.SendAsync(Encoding.UTF8.GetBytes(request + "\n"), SocketFlags.None);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await s.ReceiveAsync(one, SocketFlags.None, guard.Token) == 1 && one[0] != (byte)'\n') bytes.Add(one[0]);
        return JsonDocument.Parse(bytes.ToArray()).RootElement.Clone();
    }

    private static string Error(JsonElement reply)
    {
        Assert.False(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        return reply.GetProperty("error").GetString()!;
    }

    private static void Run(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} failed: {p.StandardError.ReadToEnd()}");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("text")]
    [InlineData("devzero")]
    [InlineData("fifo")]
    public async Task A_bad_background_picture_is_refused_before_it_is_acknowledged_and_the_old_background_stays(string what)
    {
        string path = Path.Combine(_dir, what + ".png");
        switch (what)
        {
            case "text": File.WriteAllText(path, "not a picture\n"); break;
            case "devzero": File.CreateSymbolicLink(path, "/dev/zero"); break;
            case "fifo": Run("mkfifo", path); break;
        }
        using var driver = new AvatarDriver(AvatarModelFile.Load(AvatarFiles.SamplePath));
        var before = new byte[driver.Model.Camera.Width * driver.Model.Camera.Height * 3];
        driver.Background = before;

        string error = Error(await RoundTripAsync($"{{\"cmd\":\"set\",\"background\":\"{path}\"}}"));

        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Same(driver, _control.ApplyPending(driver)); // what the render loop does next frame: must not throw
        Assert.Same(before, driver.Background);
        Assert.True((await RoundTripAsync("{\"cmd\":\"status\"}")).GetProperty("ok").GetBoolean());
    }

    [SkippableFact]
    public async Task A_png_background_is_decoded_before_the_reply_and_applied_at_the_next_frame()
    {
        Skip.If(!File.Exists("/usr/bin/ffmpeg"), "ffmpeg decodes the picture");
        string path = Path.Combine(_dir, "red.png");
        Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=0xff0000:s=16x16", "-frames:v", "1", path);
        using var driver = new AvatarDriver(AvatarModelFile.Load(AvatarFiles.SamplePath));

        Assert.True((await RoundTripAsync($"{{\"cmd\":\"set\",\"background\":\"{path}\"}}")).GetProperty("ok").GetBoolean());
        _control.ApplyPending(driver);

        Assert.NotNull(driver.Background);
        Assert.Equal(512 * 512 * 3, driver.Background!.Length);
        Assert.InRange(driver.Background[3 * 1000], 240, 255); // red, scaled up
        Assert.InRange(driver.Background[3 * 1000 + 1], 0, 15);
    }

    [Fact]
    public async Task Speak_of_a_fifo_is_refused_at_once_and_the_channel_keeps_answering()
    {
        string fifo = Path.Combine(_dir, "speech.wav");
        Run("mkfifo", fifo);
        var clock = Stopwatch.StartNew();

        string error = Error(await RoundTripAsync($"{{\"cmd\":\"speak\",\"file\":\"{fifo}\"}}"));

        Assert.Contains("not a regular file", error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True((await RoundTripAsync("{\"cmd\":\"status\"}")).GetProperty("ok").GetBoolean());
        Assert.True((await RoundTripAsync("{\"cmd\":\"stop\"}")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void Regular_file_check_refuses_devices_and_fifos_and_opens_files()
    {
        string fifo = Path.Combine(_dir, "f");
        Run("mkfifo", fifo);
        string file = Path.Combine(_dir, "plain");
        File.WriteAllText(file, "12345");

        Assert.Equal(Common.ExitCodes.DataError, Assert.Throws<Common.EdgeAvatarException>(() => RegularFile.OpenRead("/dev/zero", 100, "x")).ExitCode);
        Assert.Equal(Common.ExitCodes.DataError, Assert.Throws<Common.EdgeAvatarException>(() => RegularFile.OpenRead(fifo, 100, "x")).ExitCode);
        Assert.Equal(Common.ExitCodes.DataError, Assert.Throws<Common.EdgeAvatarException>(() => RegularFile.OpenRead(file, 4, "x")).ExitCode);
        Assert.Equal(Common.ExitCodes.NoInput, Assert.Throws<Common.EdgeAvatarException>(() => RegularFile.OpenRead(file + ".no", 100, "x")).ExitCode);
        Assert.Equal("12345"u8.ToArray(), RegularFile.ReadAllBytes(file, 100, "x"));
    }
}
