using EdgeAvatar.Host.Control;
using EdgeAvatar.Host.Run;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// The kiosk flow: a daemon with no audio input (audio none) renders idle frames in real time; `speak` on its control
/// socket makes it speak a file (status "speaking"), `stop` cuts it off (back to "idle"), a missing file is refused
/// with the reason while rendering goes on. In-process RunLoop with the tiny trained model.
/// </summary>
[Collection(TinyAvatarCollection.Name)]
public sealed class SpeakTests(TinyAvatarFixture fx)
{
    private static async Task<string> StateAsync(string socket)
    {
        ControlReply r = await ControlClient.SendAsync(socket, "{\"cmd\":\"status\"}");
        Assert.True(r.Ok, r.Json);
        return System.Text.Json.JsonDocument.Parse(r.Json).RootElement.GetProperty("state").GetString()!;
    }

    private static async Task WaitForStateAsync(string socket, string state, Task run)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await StateAsync(socket) != state)
        {
            Assert.False(run.IsCompleted, $"the run ended before reaching state {state}");
            await Task.Delay(50, cts.Token);
        }
    }

    [Theory]
    [InlineData("status", "{\"cmd\":\"status\"}")]
    [InlineData("set blink off", "{\"cmd\":\"set\",\"blink\":false}")]
    [InlineData("set background #203040", "{\"cmd\":\"set\",\"background\":\"#203040\"}")]
    [InlineData("speak /srv/hi.wav", "{\"cmd\":\"speak\",\"file\":\"/srv/hi.wav\"}")]
    public void Ctl_shorthands_become_the_control_protocols_json(string words, string json)
        => Assert.Equal(json, Host.Cli.CtlCommand.ToJson(words.Split(' ')));

    [Fact]
    public void Ctl_without_a_daemon_exits_69_naming_the_socket()
    {
        string socket = Path.Combine(Path.GetTempPath(), "ea-no-daemon-" + Guid.NewGuid().ToString("N")[..6] + ".sock");
        var r = ProgramRunner.Run("edgeavatar", "ctl", "--socket", socket, "status");
        TrainCommandTests.AssertCleanFailure(r, 69, Path.GetFileName(socket), "edgeavatar");
    }

    [SkippableFact]
    public async Task Speak_makes_an_idle_daemon_speak_and_stop_returns_it_to_idle()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string socket = fx.PathOf("ctl-" + Guid.NewGuid().ToString("N")[..6] + ".sock");
        using var end = new CancellationTokenSource();
        Task<RunResult> run = Task.Run(() => RunLoop.RunAsync(new RunOptions
        {
            ModelPath = fx.ModelPath, Audio = "none", Output = "mjpeg:127.0.0.1:0", ControlSocket = socket,
            Device = "cpu",
        }, null, end.Token));
        try
        {
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                while (!File.Exists(socket)) { Assert.False(run.IsCompleted, "the run ended early"); await Task.Delay(50, cts.Token); }
            await WaitForStateAsync(socket, "idle", run);

            ControlReply missing = await ControlClient.SendAsync(socket, $"{{\"cmd\":\"speak\",\"file\":\"{fx.PathOf("missing.wav")}\"}}");
            Assert.False(missing.Ok);
            Assert.Contains("missing.wav", missing.Error, StringComparison.Ordinal);

            // The operator's way in over SSH: `edgeavatar ctl`.
            var spoke = ProgramRunner.Run("edgeavatar", "ctl", "--socket", socket, "speak", fx.DriveAudio);
            Assert.True(spoke.ExitCode == 0, spoke.StdErr);
            Assert.Contains("\"ok\":true", spoke.StdOut, StringComparison.Ordinal);
            await WaitForStateAsync(socket, "speaking", run);
            Assert.Equal(0, ProgramRunner.Run("edgeavatar", "ctl", "--socket", socket, "stop").ExitCode);
            await WaitForStateAsync(socket, "idle", run);
            var refused = ProgramRunner.Run("edgeavatar", "ctl", "--socket", socket, "speak", fx.PathOf("missing.wav"));
            TrainCommandTests.AssertCleanFailure(refused, 65, "missing.wav", "edgeavatar");
            Assert.False(run.IsCompleted, "stop ended the daemon instead of the speech");
        }
        finally
        {
            await end.CancelAsync();
            try { await run; } catch (OperationCanceledException) { }
        }
    }
}
