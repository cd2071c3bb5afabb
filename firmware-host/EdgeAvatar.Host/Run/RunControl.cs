using System.Collections.Concurrent;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Control;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The running daemon's side of the control socket. Requests never touch the renderer directly: each becomes an
/// action queued for the render loop, which applies it between frames (<see cref="ApplyPending"/>), so a change
/// never tears a frame. A reload loads and verifies the new model on a worker thread first; a bad file is refused
/// with its reason and the old model keeps rendering. Status reads a rolling window of the last 250 frame times.
/// With a live audio feed (audio none, unix: or tcp:) <c>speak</c> decodes the file off the render thread and queues
/// it into the feed, and <c>stop</c> cuts the speech off (the daemon keeps rendering, idle); with a file or microphone
/// source there is nothing to speak into, so <c>speak</c> is refused and <c>stop</c> ends the run. <c>say</c> checks the
/// text first (nothing is queued on a refusal), synthesises it off the control thread and queues it like <c>speak</c>,
/// with its phones; a <c>stop</c> that arrives while it is being synthesised cancels it too.
/// </summary>
public sealed class RunControl(string modelPath, Func<AvatarModel, AvatarDriver> createDriver, Func<long> droppedFrames, Func<long> audioXruns, double latencyMs,
    CancellationTokenSource stop, LiveAudioFeed? feed = null, Audio.Speech.SpeechSynthesizer? speech = null) : IControlHandler
{
    /// <summary>Longest file <c>speak</c> accepts: a greeting or an answer, not an audiobook (10 min = 19 MiB of PCM).</summary>
    public static readonly TimeSpan MaxSpeech = TimeSpan.FromMinutes(10);

    private readonly ConcurrentQueue<Action<AvatarDriver>> _pending = new();
    private readonly Queue<double> _frameMs = new();
    private readonly object _gate = new();
    private string _modelId = Path.GetFileName(modelPath);
    private int _stops;

    public string State { get; set; } = "starting";

    /// <summary>Set when a reload produced a new driver; the loop swaps to it at the next frame boundary.</summary>
    public AvatarDriver? ReplacementDriver { get; private set; }

    public void FrameRendered(double ms)
    {
        lock (_gate)
        {
            _frameMs.Enqueue(ms);
            if (_frameMs.Count > 250) _frameMs.Dequeue();
        }
    }

    /// <summary>Called by the render loop between frames; returns the driver to use from now on.</summary>
    public AvatarDriver ApplyPending(AvatarDriver driver)
    {
        if (ReplacementDriver is { } next)
        {
            bool sameSize = next.Model.Camera.Width == driver.Model.Camera.Width && next.Model.Camera.Height == driver.Model.Camera.Height;
            next.Background = sameSize ? driver.Background : null;
            next.Motion.Blink = driver.Motion.Blink;
            next.Motion.FixedPose = driver.Motion.FixedPose;
            driver.Dispose();
            driver = next;
            ReplacementDriver = null;
        }
        while (_pending.TryDequeue(out var action)) action(driver);
        FrameSize = (driver.Model.Camera.Width, driver.Model.Camera.Height);
        return driver;
    }

    public ValueTask<DaemonStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        double[] ms;
        lock (_gate) ms = [.. _frameMs];
        Array.Sort(ms);
        double p50 = ms.Length == 0 ? double.NaN : ms[ms.Length / 2];
        double p99 = ms.Length == 0 ? double.NaN : ms[Math.Min(ms.Length - 1, (int)(0.99 * ms.Length))];
        return ValueTask.FromResult(new DaemonStatus
        {
            Fps = ms.Length == 0 ? double.NaN : 1000.0 * ms.Length / ms.Sum(),
            FrameMsP50 = p50, FrameMsP99 = p99, LatencyMs = latencyMs,
            DroppedFrames = droppedFrames(), AudioXruns = audioXruns(), ModelId = _modelId,
            State = feed is not null && State == "rendering" ? (feed.Speaking ? "speaking" : "idle") : State,
        });
    }

    /// <summary>Largest file <c>speak</c> opens: 10 minutes of 48 kHz stereo s16 WAV is 110 MiB.</summary>
    public const long MaxSpeechFileBytes = 256L << 20;

    /// <summary>Largest picture <c>set background</c> opens.</summary>
    public const long MaxBackgroundFileBytes = 64L << 20;

    /// <summary>
    /// Longest a request may spend on file work (checking and decoding) before it is answered with an error: the
    /// control channel serialises requests, so this bounds how long one request can hold up every other client.
    /// </summary>
    public static readonly TimeSpan FileWorkTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The rendered frame size, set by the render loop (and on reload): what a background picture is scaled to
    /// before the request is acknowledged.
    /// </summary>
    public (int Width, int Height) FrameSize { get; set; }

    public async ValueTask SpeakAsync(string file, CancellationToken cancellationToken)
    {
        if (feed is null)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                "speak needs a live audio source (audio none, unix: or tcp:); this run is driven by a file or a microphone.");
        // All file work happens off the control channel's thread, bounded in time: a FIFO or device is refused
        // without blocking (RegularFile), and a decoder stuck on a file swapped in after the check times out.
        short[] pcm = await Task.Run(() =>
        {
            using (RegularFile.OpenRead(file, MaxSpeechFileBytes, "speech file")) { }
            return DecodeSpeech(file, cancellationToken);
        }, cancellationToken).WaitAsync(FileWorkTimeout, cancellationToken).ConfigureAwait(false);
        feed.Speak(pcm);
    }

    /// <summary>The file as 16 kHz mono s16, read through ffmpeg; at most <see cref="MaxSpeech"/>.</summary>
    public static short[] DecodeSpeech(string file, CancellationToken cancellationToken = default)
    {
        using var pcm = Media.AudioDecoder.OpenStream(file);
        int max = (int)(MaxSpeech.TotalSeconds * Media.AudioDecoder.SampleRate);
        var samples = new short[max + 1];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan());
        int at = 0;
        while (at < bytes.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = pcm.Read(bytes[at..]);
            if (n == 0) break;
            at += n;
        }
        if (at == bytes.Length)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{file} is longer than {MaxSpeech.TotalMinutes:0} minutes; speak takes one utterance at a time.");
        return samples[..(at / sizeof(short))];
    }

    public async ValueTask SayAsync(string text, string? language, CancellationToken cancellationToken)
    {
        if (feed is null)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                "say needs a live audio source (audio none, unix: or tcp:); this run is driven by a file or a microphone.");
        if (speech is null) throw new EdgeAvatarException(ExitCodes.Unavailable, "this daemon has no speech synthesiser.");
        // Cheap checks on the control thread, so a bad request is refused at once and nothing reaches the engine.
        speech.Check(text, language);
        int stopsBefore = Volatile.Read(ref _stops);
        var said = await speech.SynthesizeAsync(text, language, cancellationToken).WaitAsync(FileWorkTimeout, cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _stops) != stopsBefore) return;
        feed.Speak(said.Pcm, said.Phones);
    }

    public ValueTask StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _stops);
        if (feed is not null) feed.StopSpeaking();
        else stop.Cancel();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Loads the picture now, off the render thread, and acknowledges only what will really be shown: a missing,
    /// non-PNG, non-regular or undecodable file is refused here (the running background stays), so the render loop
    /// is only ever handed finished pixels and cannot fail on a client's bad path.
    /// </summary>
    public async ValueTask SetBackgroundAsync(BackgroundSetting background, CancellationToken cancellationToken)
    {
        (int w, int h) = FrameSize;
        byte[]? pixels = await Task.Run(() => BackgroundImage.Resolve(background, w, h), cancellationToken)
            .WaitAsync(FileWorkTimeout, cancellationToken).ConfigureAwait(false);
        _pending.Enqueue(d =>
        {
            // A reload to a model of another size may have happened since: such pixels would not fit the frame.
            if (pixels is null || pixels.Length == d.Model.Camera.Width * d.Model.Camera.Height * 3) d.Background = pixels;
        });
    }

    public ValueTask SetBlinkAsync(bool enabled, CancellationToken cancellationToken)
    {
        _pending.Enqueue(d => d.Motion.Blink = enabled);
        return ValueTask.CompletedTask;
    }

    /// <summary>SIGHUP (what `edgeavatar model install` and `systemctl reload` send): reload in the background.</summary>
    public void RequestReload(Action<string?> done)
        => _ = Task.Run(async () =>
        {
            try { await ReloadAsync(CancellationToken.None); done(null); }
            catch (Exception e) { done(e.Message); }
        });

    public async ValueTask ReloadAsync(CancellationToken cancellationToken)
    {
        // Load and verify off the render thread; only a fully valid model replaces the running one.
        var model = await Task.Run(() => AvatarModelFile.Load(modelPath), cancellationToken);
        ReplacementDriver = createDriver(model);
        _modelId = $"{Path.GetFileName(modelPath)} (reloaded {DateTime.UtcNow:HH:mm:ss}Z)";
    }
}
