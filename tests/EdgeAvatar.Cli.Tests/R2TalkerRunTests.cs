using EdgeAvatar.Audio;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Run;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Render.Tests.Vulkan;
using EdgeAvatar.Train.Bake;
using Xunit.Abstractions;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// `run` from an audio file on a tiny r2talker model that carries a landmark generator: the run loop feeds the head
/// the generator's rows from the file's phones (known here, as `--say` knows them), so other phones render other frames;
/// the same model without its generator and without --landmarks still refuses with a usage error.
/// </summary>
[Collection(LiveTimingCollection.Name)]
public sealed class R2TalkerRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ea-r2t-run-").FullName;

    /// <summary>A tiny r2talker avatar whose condition network is not zero (rows move the head), with <paramref name="mouth"/>.</summary>
    private string Model(MouthGenerator? mouth, string name)
    {
        var config = TinyAvatar.Config with
        {
            Head = TinyAvatar.Config.Head with { Variant = HeadModelConfig.R2TalkerVariant, AudioGate = false, Condition = new HeadConditionConfig() },
        };
        var model = TinyAvatar.Create(seed: 7, config);
        var rng = new Random(13);
        foreach (var block in new[] { model.Blocks.Head.LandmarkGrid!, model.Blocks.Head.ConditionNetwork! })
            TinyAvatar.Fill(model.Parameters.AsSpan(block.Offset, block.Count), rng, 0.5f);
        string path = Path.Combine(_dir, name);
        AvatarBaker.Write(model.WithMouth(mouth), [0], new EavmTrainingInfo
        {
            Dataset = "test", Steps = 1, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "test",
        }, half: false, path);
        return path;
    }

    /// <summary>
    /// One component over the 74-float row: P B M −1.5, any vowel +1.5; coordinate i moves by ±0.04 · sin(i). Every
    /// vowel moves it, so speech moves the mouth on most frames whichever vowels a recogniser hears (AA alone moved a
    /// handful of frames of a real clip, too few to tell a live mouth from a late one).
    /// </summary>
    private static MouthGenerator Generator() => new()
    {
        Kind = MouthGenerator.LandmarkKind,
        FrontEnd = new PhoneFeatureConfig { Classes = ["P B M", "AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW"], Context = 1, Energy = false },
        Measures = 1,
        Weights = [0f, 0f, -1.5f, 1.5f, 0f, 0f, 0f],
        Mean = Enumerable.Repeat(0.45f, 74).ToArray(),
        Basis = Enumerable.Range(0, 74).Select(i => 0.04f * MathF.Sin(i)).ToArray(),
    };

    private string Speech()
    {
        string path = Path.Combine(_dir, "speech.wav");
        var rng = new Random(3);
        WavWriter.Write(path, Enumerable.Range(0, 6400).Select(_ => (short)rng.Next(-2000, 2000)).ToArray(), 16000); // 0.4 s
        return path;
    }

    private async Task<byte[]> Run(string model, string audio, string phone, string name)
    {
        string video = Path.Combine(_dir, name + ".y4m");
        await RunLoop.RunAsync(new RunOptions
        {
            ModelPath = model, Audio = audio, Output = "y4m:" + video, FixedPose = true, Blink = false, Device = "cpu",
            KnownPhones = [new TimedPhone(phone, 0, 0.4)],
        }, null, CancellationToken.None);
        return File.ReadAllBytes(video);
    }

    [SkippableFact]
    public async Task A_file_run_of_an_r2talker_model_follows_its_phones_through_the_landmark_generator()
    {
        Skip.If(TinyAvatarFixture.Capture("ffmpeg", "-version") is null, "needs ffmpeg");
        string model = Model(Generator(), "gen.eavm"), audio = Speech();
        byte[] open = await Run(model, audio, "AA", "open"), closed = await Run(model, audio, "M", "closed");
        Assert.NotEqual(open, closed);
        Assert.Equal(open, await Run(model, audio, "AA", "open-again"));
    }

    [SkippableFact]
    public async Task An_r2talker_model_without_a_generator_or_landmarks_refuses_to_run_with_a_usage_error()
    {
        Skip.If(TinyAvatarFixture.Capture("ffmpeg", "-version") is null, "needs ffmpeg");
        var e = await Assert.ThrowsAsync<EdgeAvatarException>(() => Run(Model(null, "plain.eavm"), Speech(), "AA", "plain"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("--landmarks", e.Message);
    }

    /// <summary>
    /// A live run fed by a TTS over the audio socket, its phones on the side channel: 1 s of speech whose phones are
    /// all <paramref name="phone"/>. Returns the y4m bytes of the 60 frames rendered.
    /// </summary>
    private async Task<byte[]> RunLive(string model, string phone, string name)
    {
        string video = Path.Combine(_dir, name + ".y4m"), audioSock = Path.Combine(_dir, name + "-a.sock"), phoneSock = Path.Combine(_dir, name + "-p.sock");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // hang guard only
        var run = RunLoop.RunAsync(new RunOptions
        {
            ModelPath = model, Audio = "unix:" + audioSock, Phones = "unix:" + phoneSock, Output = "y4m:" + video,
            FixedPose = true, Blink = false, Device = "cpu", MaxFrames = 60,
        }, null, cts.Token);
        while (!File.Exists(phoneSock)) await Task.Delay(20, cts.Token);
        using var audio = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await audio.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(audioSock), cts.Token);
        using var phones = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await phones.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(phoneSock), cts.Token);
        await Task.Delay(200, cts.Token); // the feed sees the audio connection before its phones arrive (the format's rule)
        await phones.SendAsync(System.Text.Encoding.UTF8.GetBytes($"{{\"phone\":\"{phone}\",\"start_ms\":0,\"end_ms\":1000}}\n"),
            System.Net.Sockets.SocketFlags.None, cts.Token);
        await Task.Delay(100, cts.Token);
        var rng = new Random(3);
        short[] pcm = Enumerable.Range(0, 16000).Select(_ => (short)rng.Next(-2000, 2000)).ToArray();
        await audio.SendAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray(), System.Net.Sockets.SocketFlags.None, cts.Token);
        await run;
        return File.ReadAllBytes(video);
    }

    [Fact]
    public async Task Phones_a_tts_streams_on_the_side_channel_move_a_live_r2talker_mouth()
    {
        string model = Model(Generator(), "gen-live.eavm");
        byte[] open = await RunLive(model, "AA", "live-open"), closed = await RunLive(model, "M", "live-closed");
        // Before the speech both hold the silence row (the same frames); during it the phones choose the mouth.
        int frame = open.Length / 60;
        Assert.Equal(open.AsSpan(0, 2 * frame).ToArray(), closed.AsSpan(0, 2 * frame).ToArray());
        Assert.NotEqual(open, closed);
    }

    private RunResult? _lastRecognised;

    private const int RecognisedFrames = 300;

    /// <summary>
    /// A live run fed real speech (the JFK clip's first 8 s) over the TTS audio socket with no phone side channel:
    /// <see cref="RecognisedFrames"/> frames. <paramref name="recognise"/> false is --no-live-phones.
    /// </summary>
    /// <remarks>
    /// The TTS feed runs at the wall clock from the daemon's start: the idle frames it renders before the speech arrives
    /// (model loading, a loaded machine) number from about one to four seconds, so the run lasts 12 s for 8 s of speech.
    /// </remarks>
    private async Task<byte[]> RunRecognised(string model, bool recognise, string name)
    {
        string video = Path.Combine(_dir, name + ".y4m"), audioSock = Path.Combine(_dir, name + "-a.sock");
        // Decoded before the run starts: the daemon renders idle frames until speech arrives, and on a loaded machine
        // the decode would otherwise push the speech out of the run's frames.
        string? jfk = TinyAvatarFixture.FindUp(Path.Combine("samples", "drive", "en_male_jfk_11s.flac"));
        short[] pcm = Media.AudioDecoder.DecodeS16(jfk!).AsSpan(0, 8 * 16000).ToArray();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // hang guard only
        var run = RunLoop.RunAsync(new RunOptions
        {
            ModelPath = model, Audio = "unix:" + audioSock, Output = "y4m:" + video, FixedPose = true, Blink = false, Device = "cpu",
            MaxFrames = RecognisedFrames, RecognizeLivePhones = recognise,
        }, null, cts.Token);
        while (!File.Exists(audioSock)) await Task.Delay(20, cts.Token);
        using var audio = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await audio.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(audioSock), cts.Token);
        // The daemon takes the audio at its real rate and may stop (MaxFrames) before the last bytes: a send cut off by
        // the run's end is expected, so the send runs beside the run and its outcome is not the test's.
        var send = audio.SendAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray(), System.Net.Sockets.SocketFlags.None, cts.Token).AsTask();
        _lastRecognised = await run;
        try { await send; } catch (System.Net.Sockets.SocketException) { } catch (OperationCanceledException) { }
        return File.ReadAllBytes(video);
    }

    [SkippableFact]
    public async Task Live_speech_without_side_channel_phones_moves_an_r2talker_mouth_through_the_recogniser()
    {
        Skip.If(TinyAvatarFixture.Capture("ffmpeg", "-version") is null, "needs ffmpeg");
        Skip.IfNot(PocketSphinxLibrary.IsAvailable, "needs libpocketsphinx3 and pocketsphinx-en-us");
        string model = Model(Generator(), "gen-recognised.eavm");
        byte[] heard = await RunRecognised(model, true, "heard");
        var lag = _lastRecognised!.PhoneLag;
        double skipped = _lastRecognised.PhonesSkippedSeconds;
        Assert.True(lag is { Chunks: > 0 }, "live phone recognition did not run");
        // A frame waits for its phones at most 1 s, and audio the recogniser skipped (over 1 s behind) has none: on a
        // machine so loaded that the recogniser thread is starved (CI runs test assemblies side by side), live timing is
        // not testable, which is reported.
        Skip.If(lag!.Value.P50 > 1000 || skipped > 2, $"the recogniser thread was starved (phones published p50 {lag.Value.P50:F0} ms after their audio, {skipped:F2} s skipped)");
        byte[] deaf = await RunRecognised(model, false, "deaf");
        static string[] Frames(byte[] y4m)
        {
            int frame = y4m.Length / RecognisedFrames; // equal-sized frames after a short header: a slice per frame tells them apart
            return Enumerable.Range(1, RecognisedFrames - 1).Select(i => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(y4m.AsSpan(i * frame, frame)))).ToArray();
        }
        string[] heardFrames = Frames(heard), deafFrames = Frames(deaf);
        // The rest pose: the frame the deaf run holds. Frames are counted as moved, not as distinct: with this generator
        // every frame wholly inside a vowel renders the same open mouth, so distinct frames number only a handful
        // however much of the clip the mouth follows.
        string rest = deafFrames.GroupBy(f => f).MaxBy(g => g.Count())!.Key;
        int moved = heardFrames.Count(f => f != rest), still = deafFrames.Count(f => f != rest);
        output.WriteLine("moved frames: " + string.Concat(heardFrames.Select(f => f == rest ? '.' : '#')));
        output.WriteLine($"phone lag p50 {lag.Value.P50:F0} ms, p99 {lag.Value.P99:F0} ms; {skipped:F2} s skipped; " +
            $"{moved} of {RecognisedFrames - 1} frames moved from the rest pose heard, {still} deaf");
        // Without recognition nothing gives this model a mouth row, so every frame holds the same rest pose.
        Assert.True(still <= 1, $"--no-live-phones: {still} frames away from the rest pose");
        // About 5 s of the 8-s clip is speech, a third of it vowels; 25 frames is one second.
        Assert.True(moved >= 25, $"recognised speech moved only {moved} frames (phone lag {lag}, {skipped:F2} s skipped)");
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("vulkan")]
    public void Bench_times_an_r2talker_model_with_its_head_and_no_audio_network(string device)
    {
        string model = Model(Generator(), $"bench-{device}.eavm");
        var r = ProgramRunner.Run("edgeavatar", "bench", "--model", model, "--frames", "2", "--size", "32", "--device", device, "--json");
        if (device == "vulkan" && r.ExitCode == 69) return; // no Vulkan device here: the CPU case still ran
        Assert.True(r.ExitCode == 0, r.StdErr);
        var line = System.Text.Json.JsonDocument.Parse(r.StdOut.Trim()).RootElement;
        Assert.Equal("32x32", line.GetProperty("size").GetString());
        Assert.True(line.GetProperty("fps").GetDouble() > 0);
        Assert.True(line.GetProperty("samples_per_frame").GetInt64() > 0);
        // Its head is conditioned by the landmark row's FiLM vector, not by an audio code.
        Assert.Equal(0, line.GetProperty("stages_ms").GetProperty("audio_net").GetDouble());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
