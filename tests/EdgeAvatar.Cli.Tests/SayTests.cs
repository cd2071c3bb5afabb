using System.Diagnostics;
using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Host.Control;
using EdgeAvatar.Host.Run;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// Text in, a talking avatar out: `run --say` renders one synthesised utterance (the bundled quick model, rendered
/// small on the CPU to keep it quick) and the daemon's say request. Skipped without eSpeak NG, ffmpeg or the model.
/// </summary>
public sealed class SayTests
{
    private static readonly string? s_model = TinyAvatarFixture.FindUp(Path.Combine("samples", "models", "cnn_anchor_quick.eavm"));

    private static void SkipWithoutTools()
    {
        Skip.If(s_model is null, "samples/models/cnn_anchor_quick.eavm is not there");
        Skip.IfNot(EspeakLibrary.IsAvailable, "libespeak-ng1/espeak-ng-data are not installed");
        Skip.IfNot(TinyAvatarFixture.Capture("ffprobe", "-version") is not null, "ffmpeg is not installed");
    }

    private static string Probe(string file, string entries)
        => TinyAvatarFixture.Capture("ffprobe", $"-v error -count_frames -show_entries {entries} -of default=nw=1:nk=1 \"{file}\"")?.Trim() ?? "";

    [SkippableFact]
    public void Run_say_writes_an_mp4_whose_frames_last_as_long_as_the_speech_with_the_speech_muxed()
    {
        SkipWithoutTools();
        const string text = "Bob bought my mom a big purple map.";
        double speech = new SpeechSynthesizer(new SpeechSettings()).Synthesize(text).Duration;
        var dir = Directory.CreateTempSubdirectory("ea-say-");
        try
        {
            string mp4 = Path.Combine(dir.FullName, "say.mp4");
            var r = ProgramRunner.Run("edgeavatar", "run", "--model", s_model!, "--say", text, "--output", "mp4:" + mp4, "--size", "64", "--device", "cpu", "--no-progress");
            Assert.True(r.ExitCode == 0, r.StdErr);
            int frames = int.Parse(Probe(mp4, "stream=nb_read_frames -select_streams v:0"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(frames, (int)Math.Floor(speech * 25) - 1, (int)Math.Ceiling(speech * 25) + 1);
            Assert.Equal("audio", Probe(mp4, "stream=codec_type -select_streams a:0"));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "say.wav", SearchOption.TopDirectoryOnly));
        }
        finally { dir.Delete(recursive: true); }
    }

    [SkippableTheory]
    [InlineData("", null, "empty")]
    [InlineData("Hello\u001b[2J there", null, "control character")]
    [InlineData("Hello there", "xx-nowhere", "unknown language")]
    public void Run_say_with_bad_input_exits_64_and_writes_nothing(string text, string? language, string reason)
    {
        SkipWithoutTools();
        var dir = Directory.CreateTempSubdirectory("ea-say-bad-");
        try
        {
            string mp4 = Path.Combine(dir.FullName, "say.mp4");
            string[] args = ["run", "--model", s_model!, "--say", text, "--output", "mp4:" + mp4, "--size", "64", "--device", "cpu", "--no-progress"];
            if (language is not null) args = [.. args, "--lang", language];
            var r = ProgramRunner.Run("edgeavatar", args);
            TrainCommandTests.AssertCleanFailure(r, 64, reason, "edgeavatar");
            Assert.Empty(Directory.GetFileSystemEntries(dir.FullName));
        }
        finally { dir.Delete(recursive: true); }
    }

    [SkippableFact]
    public async Task The_daemon_says_queued_text_refuses_bad_text_and_stop_cuts_it()
    {
        SkipWithoutTools();
        string socket = Path.Combine(Path.GetTempPath(), "ea-say-" + Guid.NewGuid().ToString("N")[..6] + ".sock");
        using var end = new CancellationTokenSource();
        Task<RunResult> run = Task.Run(() => RunLoop.RunAsync(new RunOptions
        {
            ModelPath = s_model!, Audio = "none", Output = "mjpeg:127.0.0.1:0", ControlSocket = socket, Device = "cpu", Size = (64, 64),
            Speech = new SpeechSettings { MaxChars = 120 },
        }, null, end.Token));
        async Task<string> State()
        {
            ControlReply s = await ControlClient.SendAsync(socket, "{\"cmd\":\"status\"}");
            return System.Text.Json.JsonDocument.Parse(s.Json).RootElement.GetProperty("state").GetString()!;
        }
        async Task WaitFor(string state)
        {
            var clock = Stopwatch.StartNew();
            while (await State() != state)
            {
                Assert.False(run.IsCompleted, $"the run ended before reaching {state}");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"never reached {state}");
                await Task.Delay(20);
            }
        }
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(socket)) { Assert.False(run.IsCompleted || clock.Elapsed > TimeSpan.FromSeconds(60), "no control socket"); await Task.Delay(50); }
            await WaitFor("idle");

            // Each refusal names its reason, queues nothing (the avatar stays idle) and leaves the daemon running.
            foreach (var (json, reason) in new[]
            {
                ("{\"cmd\":\"say\",\"text\":\"  \"}", "empty"),
                ("{\"cmd\":\"say\",\"text\":\"" + new string('a', 121) + "\"}", "limit is 120"),
                ("{\"cmd\":\"say\",\"text\":\"hi\\u0000there\"}", "control character"),
                ("{\"cmd\":\"say\",\"text\":\"hello\",\"lang\":\"xx-nowhere\"}", "unknown language"),
            })
            {
                ControlReply refused = await ControlClient.SendAsync(socket, json);
                Assert.False(refused.Ok, json);
                Assert.Contains(reason, refused.Error, StringComparison.Ordinal);
                await Task.Delay(100);
                Assert.Equal("idle", await State());
            }

            var said = ProgramRunner.Run("edgeavatar", "ctl", "--socket", socket, "say", "Welcome to the museum. The exhibition about maps and boats is on the first floor, past the big blue door.");
            Assert.True(said.ExitCode == 0, said.StdErr);
            await WaitFor("speaking");
            Assert.Equal(0, ProgramRunner.Run("edgeavatar", "ctl", "--socket", socket, "stop").ExitCode);
            await WaitFor("idle");
            var bad = ProgramRunner.Run("edgeavatar", "ctl", "--socket", socket, "say", "--lang", "xx-nowhere", "hello");
            TrainCommandTests.AssertCleanFailure(bad, 65, "unknown language", "edgeavatar");
            Assert.False(run.IsCompleted, "the daemon ended");
        }
        finally
        {
            await end.CancelAsync();
            try { await run; } catch (OperationCanceledException) { }
        }
    }

    [SkippableFact]
    public async Task The_daemon_says_text_with_every_frame_shown_on_time_within_40_ms_of_the_speaker()
    {
        SkipWithoutTools();
        // As the speak measurement (RunCommandTests): alsa-lib's null PCM stands in for the speaker, so its clock runs
        // on its wall-time cap; the mjpeg preview is the paced live output. The run ends after Frames frames of media.
        const int Frames = 150;
        string socket = Path.Combine(Path.GetTempPath(), "ea-say-av-" + Guid.NewGuid().ToString("N")[..6] + ".sock");
        Task<RunResult> run = Task.Run(() => RunLoop.RunAsync(new RunOptions
        {
            ModelPath = s_model!, Audio = "none", Output = "mjpeg:127.0.0.1:0", Play = "alsa:null", ControlSocket = socket,
            Device = "cpu", Size = (32, 32), MaxFrames = Frames,
        }, null, CancellationToken.None));
        var clock = Stopwatch.StartNew();
        while (!File.Exists(socket) && !run.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
        if (run.IsFaulted && run.Exception!.InnerException is Common.EdgeAvatarException { ExitCode: 69 } e && e.Message.Contains("ALSA", StringComparison.Ordinal))
            Skip.If(true, "the ALSA null PCM is not available: " + e.Message);
        Assert.True(File.Exists(socket), "no control socket");

        ControlReply said = await ControlClient.SendAsync(socket, "{\"cmd\":\"say\",\"text\":\"Bob and Pam bought a map, a bag of plums and a pump.\"}");
        Assert.True(said.Ok, said.Error);
        bool spoke = false;
        while (!run.IsCompleted)
        {
            try
            {
                ControlReply s = await ControlClient.SendAsync(socket, "{\"cmd\":\"status\"}");
                spoke |= s.Ok && System.Text.Json.JsonDocument.Parse(s.Json).RootElement.GetProperty("state").GetString() == "speaking";
            }
            catch (Exception x) when (x is IOException or System.Net.Sockets.SocketException or Common.EdgeAvatarException) { } // the run just ended
            await Task.Delay(50);
        }
        RunResult r = await run;
        Assert.True(spoke, "the daemon never said the text");
        Assert.NotNull(r.AvSync);
        var av = r.AvSync.Value;
        // Every frame of media was either shown or dropped as late, and the first one always shows.
        Assert.Equal(Frames, av.Count + r.Dropped);
        Assert.True(av.Count >= 1);
        // Frames shown on time are within 40 ms of the sound; only when the machine stalled may a late frame have been
        // shown so the screen does not freeze (counted), and then the bound does not hold.
        if (r.PresentedLate == 0) Assert.InRange(av.MaxAbsolute.TotalMilliseconds, 0, 40);
    }
}
