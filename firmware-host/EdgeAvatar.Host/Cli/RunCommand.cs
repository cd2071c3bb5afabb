using System.CommandLine;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Host.Run;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// <c>edgeavatar run [--config FILE] --model m.eavm (--audio &lt;source&gt; [--phones SOCKET] | --say TEXT [--lang L] [--voice V] [--rate WPM] [--pitch P]) --output &lt;sink&gt; [--play alsa:DEV] [--size N] [--lookahead-ms 120] [--background
/// plate|#rrggbb|picture] [--no-blink] [--fixed-pose] [--max-frames N] [--control SOCKET] [--device auto|cpu|vulkan|SELECTOR] [--no-live-phones] [--no-progress]</c>.
/// Sources: a file (file:PATH or PATH), alsa:DEVICE, unix:PATH, tcp:127.0.0.1:PORT, none (idle until `speak`). Sinks: mp4:PATH (the file's audio
/// is muxed), y4m:-|PATH, png:DIR, fbdev:/dev/fbN, drm[:card[:connector[:WxH]]], mjpeg:127.0.0.1:PORT. Live sinks (drm,
/// fbdev, mjpeg) are paced at 25 fps against the speaker (--play alsa:DEV, file/TTS sources) or the wall clock.
/// <c>--say</c> speaks one utterance through eSpeak NG (the config's tts.* settings) and renders it like a file source
/// (mp4 muxes the speech); its phones go to the run path with their times.
/// Exit codes: 0 ok; 64 bad options; 65 bad model or audio; 66 model or audio missing; 69 a device or library missing;
/// 74 output cannot be written; 130 interrupted (file outputs are not left half-written).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Daemon configuration file (/etc/edgeavatar/edgeavatar.conf); command-line options override it." };
        var model = new Option<string?>("--model") { Description = "Baked avatar (.eavm)." };
        var audio = new Option<string?>("--audio") { Description = "Audio source: file, alsa:DEV, unix:PATH, tcp:127.0.0.1:PORT, or none (idle until speak)." };
        var output = new Option<string?>("--output", "-o") { Description = "Frame sink: mp4:PATH, y4m:-, png:DIR, fbdev:DEV, drm, mjpeg:127.0.0.1:PORT." };
        var lookAhead = new Option<int?>("--lookahead-ms") { Description = "Audio look-ahead for lip smoothing (0-120 ms; adds that much latency; default 120)." };
        var background = new Option<string?>("--background") { Description = "plate (recorded), #rrggbb, or a picture." };
        var noBlink = new Option<bool>("--no-blink") { Description = "Keep the eyes open." };
        var play = new Option<string?>("--play") { Description = "Play a file/TTS source's speech on alsa:DEVICE, pacing a live output (drm, fbdev, mjpeg) to it." };
        var fixedPose = new Option<bool>("--fixed-pose") { Description = "Hold the head still instead of replaying recorded motion." };
        var maxFrames = new Option<long?>("--max-frames") { Description = "Stop after this many frames." };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress lines on stderr." };
        var device = new Option<string?>("--device") { Description = "Renderer: auto (GPU if one exists, else CPU), cpu, vulkan, or a Vulkan device selector." };
        var size = new Option<int?>("--size") { Description = "Render at N x N instead of the model's recorded size." };
        var say = new Option<string?>("--say") { Description = "Say this text (eSpeak NG) instead of reading --audio: one utterance, then exit." };
        var lang = new Option<string?>("--lang") { Description = "Language of --say (en, en-us, de, …; default: the voice's)." };
        var voice = new Option<string?>("--voice") { Description = "eSpeak NG voice for --say (en-us, en-gb, en-us+f3, …; default tts.voice or en-us)." };
        var phones = new Option<string?>("--phones") { Description = "TTS phone side channel beside a unix:/tcp: audio source: unix:PATH or tcp:127.0.0.1:PORT (JSON lines, docs/cli.md)." };
        var rate = new Option<int?>("--rate") { Description = "Speaking rate in words per minute (80-450; default tts.rate or 175), for --say and what the daemon says." };
        var pitch = new Option<int?>("--pitch") { Description = "Base pitch (0-100, 50 normal; default tts.pitch or 50), for --say and what the daemon says." };
        var landmarks = new Option<string?>("--landmarks")
        {
            Description = "Landmarks for an r2talker model (instead of its landmark generator): float32 rows of W x L x 2 head-frame positions in [0,1], one per frame (docs/cli.md).",
        };
        var noLivePhones = new Option<bool>("--no-live-phones")
        {
            Description = "Do not recognise the phones of live speech (alsa:, or unix:/tcp: without --phones); a phone-driven mouth then moves only for said text.",
        };
        var controlSocket = new Option<string?>("--control") { Description = "Unix socket for JSON-lines control (status, speak, stop, set, reload)." };
        var command = new Command("run", "Render the avatar from audio to a display, stream or file.")
        {
            config, model, audio, phones, say, lang, voice, rate, pitch, output, play, lookAhead, background, noBlink, fixedPose, maxFrames, noProgress, controlSocket, device, size, landmarks, noLivePhones,
        };
        command.SetGuardedAction(HostCommandLine.ProgramName, (parse, ct) =>
        {
            string? configPath = parse.GetValue(config);
            // Loaded first (a regular file of bounded size, or 78), then checked for who may write it.
            var file = configPath is not null ? Configuration.DaemonConfig.Load(configPath) : null;
            if (configPath is not null) Configuration.FileTrust.Check(configPath, "configuration file", refuse: true, Console.Error);
            int la = parse.GetValue(lookAhead) ?? (int?)file?.Lookahead.TotalMilliseconds ?? 120;
            if (la is < 0 or > 1000) throw new EdgeAvatarException(ExitCodes.Usage, "--lookahead-ms must be 0..1000.");
            string Need(string? value, string name) => value
                ?? throw new EdgeAvatarException(ExitCodes.Usage, $"{name} is required (or give --config with it set).");
            var speechSettings = SpeechOverrides.Apply(file?.Speech ?? new Audio.Speech.SpeechSettings(), parse.GetValue(voice), parse.GetValue(rate), parse.GetValue(pitch));
            string? sayText = parse.GetValue(say);
            if (sayText is null && parse.GetValue(lang) is not null) throw new EdgeAvatarException(ExitCodes.Usage, "--lang goes with --say.");
            if (sayText is not null && parse.GetValue(audio) is not null) throw new EdgeAvatarException(ExitCodes.Usage, "give --say TEXT or --audio SOURCE, not both.");
            if (sayText is not null && parse.GetValue(phones) is not null)
                throw new EdgeAvatarException(ExitCodes.Usage, "--phones goes with a TTS audio socket (--audio unix: or tcp:); --say knows its phones already.");
            using var spoken = sayText is null ? null : SaidAudio.Synthesize(speechSettings, sayText, parse.GetValue(lang), ct);
            var options = new RunOptions
            {
                ModelPath = Need(parse.GetValue(model) ?? file?.ModelPath, "--model"),
                Audio = spoken?.Source ?? Need(parse.GetValue(audio) ?? file?.Audio.ToString(), "--audio"),
                KnownPhones = spoken?.Speech.Phones,
                Phones = parse.GetValue(phones) ?? (parse.GetValue(audio) is null && sayText is null ? file?.Phones : null),
                Speech = speechSettings,
                Output = Need(parse.GetValue(output) ?? file?.Output.ToString(), "--output"),
                LookAheadMs = la,
                Background = parse.GetValue(background) ?? (file?.Background is null or "model" ? "plate" : file.Background),
                Blink = !parse.GetValue(noBlink) && (file?.Blink ?? true),
                Play = parse.GetValue(play) ?? file?.Play,
                FixedPose = parse.GetValue(fixedPose), MaxFrames = parse.GetValue(maxFrames),
                ControlSocket = parse.GetValue(controlSocket) ?? file?.ControlSocket,
                Gpio = file?.Gpio,
                Size = RunOptions.SizeFrom(parse.GetValue(size), file),
                Device = parse.GetValue(device) ?? (file?.Gpu is null or "auto" ? "auto" : file.Gpu),
                Landmarks = parse.GetValue(landmarks),
                RecognizeLivePhones = !parse.GetValue(noLivePhones) && (file?.LivePhones ?? true),
            };
            // As the daemon (--config), a world-writable model is refused; a hand-started run is warned.
            Configuration.FileTrust.Check(options.ModelPath, "model", refuse: configPath is not null, Console.Error);
            var reporter = ProgressReporter.ToStderr(!parse.GetValue(noProgress));
            reporter.Begin("render", options.MaxFrames ?? 0, "frames", "fps");
            var result = RunLoop.RunAsync(options, reporter.Enabled ? (frames, _) => reporter.Report(frames) : null, ct).GetAwaiter().GetResult();
            reporter.End();
            Console.Out.WriteLine($"output: {result.Output}");
            Console.Out.WriteLine($"frames: {result.Frames} ({result.AudioSeconds:F2} s at 25 fps)");
            Console.Out.WriteLine($"render: {result.RenderFps:F2} fps (frame time p50 {result.FrameMsP50:F1} ms, p99 {result.FrameMsP99:F1} ms, {result.Device})");
            Console.Out.WriteLine($"added audio latency: {result.AddedLatencyMs:F0} ms");
            if (result.AvSync is { } av)
                Console.Out.WriteLine($"paced against {result.Clock}: {av.Count} frames shown ({result.PresentedLate} of them late, against a frozen screen), {result.Dropped} dropped late; " +
                    $"A/V offset mean {av.Mean.TotalMilliseconds:F1} ms, max |offset| {av.MaxAbsolute.TotalMilliseconds:F1} ms");
            if (result.PhoneLag is { } lag)
                Console.Out.WriteLine($"live phones: published p50 {lag.P50:F1} ms, p99 {lag.P99:F1} ms after their audio arrived ({lag.Chunks} chunks), " +
                    $"{result.PhonesSkippedSeconds:F2} s skipped behind");
            return 0;
        });
        return command;
    }
}
