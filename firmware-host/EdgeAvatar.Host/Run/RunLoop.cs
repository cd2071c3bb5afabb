using System.Diagnostics;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Control;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Host.Output;
using EdgeAvatar.Host.Service;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The daemon's render loop: audio source → streaming features (the trainer's code, the model's normalisation) →
/// <see cref="AvatarDriver"/> → frame sink, one frame per 40 ms of audio. Into a file sink a file source is rendered
/// as fast as possible (the sink places frames by presentation time and muxes the file's audio); a live sink is paced
/// against the speaker or a wall clock and frames already too late are skipped, not rendered (<see cref="LiveOutput"/>).
/// The watchdog is pinged per rendered frame, so a stalled loop gets the service restarted.
/// </summary>
public static class RunLoop
{
    /// <summary>
    /// The landmark track of an r2talker model, checked before any rendering: a radnerf model with --landmarks, or an
    /// r2talker model with neither --landmarks nor a landmark generator, is <see cref="ExitCodes.Usage"/>. Null when
    /// the model's generator drives it (from the file's or the said text's phones, as a radnerf generator's measures).
    /// </summary>
    private static Render.Head.LandmarkTrack? LandmarksFor(AvatarModel model, string? path)
    {
        var head = model.Config.Head;
        if (!head.IsR2Talker)
            return path is null ? null
                : throw new EdgeAvatarException(ExitCodes.Usage, "--landmarks drives an r2talker model; this model is driven by audio.");
        if (path is null)
            return model.Mouth is { IsLandmarks: true } ? null
                : throw new EdgeAvatarException(ExitCodes.Usage,
                    "this is an r2talker model without a landmark generator (train it with --mouth-generator phones): it is driven by "
                    + "landmarks only; give --landmarks FILE.");
        return Render.Head.LandmarkTrack.Load(path, head.Condition!.PositionFloats);
    }

    public static async Task<RunResult> RunAsync(RunOptions options, Action<long, double>? progress, CancellationToken ct)
    {
        // Checked before the model is loaded: a bad --phones is a usage error at once.
        var phoneSpec = options.Phones is null ? null : AudioSourceSpec.ParsePhoneChannel(options.Phones);
        if (phoneSpec is not null && AudioSourceSpec.Parse(options.Audio).Kind is not (AudioSourceKind.Unix or AudioSourceKind.Tcp))
            throw new EdgeAvatarException(ExitCodes.Usage, $"--phones (the TTS phone side channel) goes with a unix: or tcp: audio source, not {options.Audio}.");
        var model = AvatarModelFile.Load(options.ModelPath);
        if (options.Size is (int sw, int sh)) model = model.WithSize(sw, sh);
        var landmarks = LandmarksFor(model, options.Landmarks);
        using var renderers = new FrameRendererFactory(options.Device);
        var driver = renderers.CreateDriver(model);
        driver.Landmarks = landmarks;
        int w = model.Camera.Width, h = model.Camera.Height;
        driver.Background = BackgroundImage.Resolve(options.Background, w, h);
        driver.Motion.Blink = options.Blink;
        driver.Motion.FixedPose = options.FixedPose;
        int lookAhead = Math.Clamp(options.LookAheadMs / 40, 0, 3);

        var audioSpec = AudioSourceSpec.Parse(options.Audio);
        // A model with a mouth generator takes its mouth from the file's phones (same code on CPU and Vulkan: host-side);
        // an r2talker model's landmark generator likewise gives its landmark rows, unless --landmarks gives them.
        if (audioSpec.Kind == AudioSourceKind.File && landmarks is null) driver.MouthSource = FileMouthTrack.For(model, audioSpec.Target, options.KnownPhones);
        IAudioSource opened = AudioSources.Open(audioSpec);
        // A TTS socket is wrapped like "none": between utterances the feed keeps the loop rendering idle frames.
        LiveAudioFeed? feed = opened as LiveAudioFeed ?? (audioSpec.Kind is AudioSourceKind.Unix or AudioSourceKind.Tcp ? new LiveAudioFeed(opened) : null);
        await using IAudioSource source = feed ?? opened;
        var log = JournalLogger.ForStandardError();
        // Live speech whose phones nobody sends (a microphone, a TTS socket without --phones) is recognised as it plays,
        // when the model's mouth follows phones; a file's phones are recognised whole, before rendering (FileMouthTrack).
        using var recognised = options.RecognizeLivePhones && audioSpec.Kind is AudioSourceKind.Alsa or AudioSourceKind.Unix or AudioSourceKind.Tcp
            && phoneSpec is null && model.Mouth is not null && landmarks is null
            ? new LivePhoneRecognition(log.Warning) : null;
        // Said text moves the mouth from its known phones when the model carries a generator (SpokenMouth); with the
        // phone side channel on, so do the phones a TTS engine streams beside its audio, and without it the recognised
        // ones (both StreamedPhoneMouth).
        SpokenMouth? spoken = null;
        void FollowSpeech(AvatarDriver d, long mediaFrame)
        {
            spoken?.Dispose();
            spoken = null;
            if (d.Model.Mouth is not { } generator) return;
            var sources = new List<IMouthSource>();
            if (feed is not null)
            {
                spoken = new SpokenMouth(generator, feed);
                spoken.DriverStartsAt(mediaFrame);
                sources.Add(spoken);
                if (phoneSpec is not null) sources.Add(Streamed(generator, feed.Phones, feed.Loudness, mediaFrame));
            }
            if (recognised is not null) sources.Add(Streamed(generator, recognised.Phones, recognised.Loudness, mediaFrame));
            if (sources.Count > 0) d.MouthSource = sources.Count == 1 ? sources[0] : new FirstMouthSource([.. sources]);
        }
        FollowSpeech(driver, 0);
        // Opened after the feed it feeds; disposed before it (await using runs in reverse).
        await using var phones = phoneSpec is null ? null : PhoneChannel.Listen(phoneSpec, feed!.TtsPhones, () => feed.TtsConnection, log.Warning);
        var sinkSpec = FrameSinkSpec.Parse(options.Output);
        var sinkOptions = new FrameSinkOptions
        {
            AudioPath = audioSpec.Kind == AudioSourceKind.File && sinkSpec.Kind == FrameSinkKind.Mp4 ? audioSpec.Target : null,
        };
        using var live = LiveOutput.Create(sinkSpec, sinkOptions, audioSpec.Kind, options.Play, log);
        await using var sink = live.Sink;
        var features = new StreamingAudioFeatures(model.Normalization, new StreamingFeatureOptions { LookAheadFrames = lookAhead });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Loaded lazily: a daemon that never says text never touches eSpeak NG.
        var speech = new Audio.Speech.SpeechSynthesizer(options.Speech);
        var control = new RunControl(options.ModelPath,
            m =>
            {
                var d = renderers.CreateDriver(options.Size is (int rw, int rh) ? m.WithSize(rw, rh) : m);
                d.Landmarks = LandmarksFor(m, options.Landmarks);
                return d;
            }, () => sink.Stats.Dropped, () => source.Stats.Xruns,
            features.AddedLatency.TotalMilliseconds, stop, feed, speech) { FrameSize = (w, h) };
        await using var server = options.ControlSocket is string socket ? ControlServer.Start(socket, control) : null;
        using var gpio = options.Gpio is { } gs
            ? Gpio.GpioTriggers.Start(gs, new RunGpioActions(log, feed, text => control.SayAsync(text, null, CancellationToken.None).AsTask(), gs.GreetingText), log)
            : null;
        using var notifier = SystemdNotifier.FromEnvironment();
        using var watchdog = FrameWatchdog.FromEnvironment(notifier);
        watchdog.Ready($"rendering {Path.GetFileName(options.ModelPath)}");
        using var pidFile = PidFile.TryCreate(Deploy.DaemonReloader.ResolvePidFile());
        using var hangup = HangupSignal.Register(signal =>
            {
                signal.Cancel = true;
                watchdog.Reloading();
                control.RequestReload(error =>
                {
                    if (error is null) { log.Info("model reloaded"); watchdog.Reloaded("rendering (reloaded)"); }
                    else { log.Error($"reload refused, keeping the running model: {error}"); watchdog.Reloaded("rendering (reload failed)"); }
                });
            });

        var rgb = new byte[w * h * 3];
        var frameMs = new List<double>();
        var total = Stopwatch.StartNew();
        long frames = 0, media = 0;
        double renderEstimateMs = 0;
        control.State = "rendering";
        gpio?.SetLed(Gpio.LedState.Ready);
        try
        {
            var pcm = live.Tap(source.Reader, stop.Token);
            if (recognised is not null) pcm = PcmTee.Start(pcm, recognised.Write, recognised.Complete, stop.Token);
            await foreach (var f in features.ReadAllAsync(pcm, stop.Token))
            {
                if (options.MaxFrames is long max && media >= max) break;
                media++;
                var current = driver;
                driver = control.ApplyPending(driver);
                // A reloaded model's driver counts frames from 0 again, from this media frame on.
                if (!ReferenceEquals(driver, current)) FollowSpeech(driver, media - 1);
                if (frames > 0 && live.ShouldSkip(f.MediaTime, TimeSpan.FromMilliseconds(renderEstimateMs)))
                {
                    // A live output behind its clock: rendering this frame would only get it dropped.
                    driver.SkipNext(f.Window);
                    continue;
                }
                if (recognised is not null && driver.Model.Mouth is { } mouth)
                {
                    // The phones of this frame's generator window are published once the recogniser has decoded its
                    // audio: wait for them, as long as a paced output can spare (the first frame, and file outputs, up
                    // to the recogniser's own backlog limit, after which it skips that audio anyway).
                    TimeSpan most = TimeSpan.FromSeconds(LivePhoneRecognition.MaxWaitSeconds);
                    TimeSpan spare = frames == 0 ? most : live.Slack(f.MediaTime, TimeSpan.FromMilliseconds(renderEstimateMs)) ?? most;
                    recognised.WaitUntilDecoded(StreamedPhoneMouth.WindowEndSeconds(mouth, media - 1), spare < most ? spare : most);
                }
                long t0 = Stopwatch.GetTimestamp();
                driver.RenderNext(f.Window, f.LookAhead, rgb);
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                frameMs.Add(ms);
                // Running estimate of the next frame's render time (an exponential mean over ~8 frames).
                renderEstimateMs = frames == 0 ? ms : renderEstimateMs + (ms - renderEstimateMs) / 8;
                control.FrameRendered(ms);
                if (frames == 0) live.StartClock();
                await sink.WriteFrameAsync(rgb, w, h, f.MediaTime, ct);
                watchdog.FrameRendered();
                frames++;
                progress?.Invoke(frames, frames / Math.Max(total.Elapsed.TotalSeconds, 1e-6));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // {"cmd":"stop"} on the control socket: finish the outputs cleanly.
        }
        control.State = "stopping";
        spoken?.Dispose();
        driver.Dispose();
        if (frames == 0)
            throw new EdgeAvatarException(ExitCodes.DataError, $"the audio source {options.Audio} gave no audio.");
        await sink.CompleteAsync(ct);
        if (!stop.IsCancellationRequested && options.MaxFrames is null) await live.PlayedOutAsync(ct);
        watchdog.Stopping();
        frameMs.Sort();
        double sum = frameMs.Sum();
        return new RunResult(frames, frames / (sum / 1000.0), Percentile(frameMs, 0.5), Percentile(frameMs, 0.99),
            features.AddedLatency.TotalMilliseconds, media * 0.04, sink.Description, renderers.Description)
        {
            Dropped = sink.Stats.Dropped,
            AvSync = live.Paced?.Pacer.AvSync,
            PresentedLate = live.Paced?.Pacer.PresentedLate ?? 0,
            Clock = live.Paced is null ? null : live.Player?.Description ?? "wall clock",
            PhoneLag = recognised?.Lag(),
            PhonesSkippedSeconds = recognised?.SkippedSeconds ?? 0,
        };
    }

    private static StreamedPhoneMouth Streamed(MouthGenerator generator, SpokenPhoneTimeline phones, MediaLoudness loudness, long mediaFrame)
    {
        var m = new StreamedPhoneMouth(generator, phones, loudness);
        m.DriverStartsAt(mediaFrame);
        return m;
    }

    /// <summary>The q-quantile of an ascending list (0 when empty); bench uses it too.</summary>
    internal static double Percentile(List<double> sorted, double q)
        => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))];
}
