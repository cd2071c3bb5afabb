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

    [SkippableFact]
    public async Task Speak_makes_an_idle_daemon_speak_and_stop_returns_it_to_idle()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string socket = fx.PathOf("ctl-" + Guid.NewGuid().ToString("N")[..6] + ".sock");
        using var end = new CancellationTokenSource();
        Task<RunResult> run = Task.Run(() => RunLoop.RunAsync(new RunOptions
        {
            ModelPath = fx.ModelPath, Audio = "none", Output = "mjpeg:127.0.0.1:0", ControlSocket = socket,
            Device = "cpu", Progress = false,
        }, null, end.Token));
        try
        {
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                while (!File.Exists(socket)) { Assert.False(run.IsCompleted, "the run ended early"); await Task.Delay(50, cts.Token); }
            await WaitForStateAsync(socket, "idle", run);

            ControlReply missing = await ControlClient.SendAsync(socket, $"{{\"cmd\":\"speak\",\"file\":\"{fx.PathOf("missing.wav")}\"}}");
            Assert.False(missing.Ok);
            Assert.Contains("missing.wav", missing.Error, StringComparison.Ordinal);

            ControlReply spoke = await ControlClient.SendAsync(socket, $"{{\"cmd\":\"speak\",\"file\":\"{fx.DriveAudio}\"}}");
            Assert.True(spoke.Ok, spoke.Json);
            await WaitForStateAsync(socket, "speaking", run);
            Assert.True((await ControlClient.SendAsync(socket, "{\"cmd\":\"stop\"}")).Ok);
            await WaitForStateAsync(socket, "idle", run);
            Assert.False(run.IsCompleted, "stop ended the daemon instead of the speech");
        }
        finally
        {
            await end.CancelAsync();
            try { await run; } catch (OperationCanceledException) { }
        }
    }
}
