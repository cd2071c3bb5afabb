using System.IO.Pipelines;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The real-time side of a run. Displays and the preview (drm, fbdev, mjpeg) are paced at 25 fps against a master
/// clock (<see cref="PacedFrameSink"/>); with <c>--play</c> that clock is the speaker (<see cref="AudioPlayer"/>, fed
/// by a <see cref="PcmTee"/> of the source) so the lips follow what is heard, else a wall clock. File sinks (mp4, y4m,
/// png) are neither paced nor played: they place frames by presentation time and mp4 muxes the audio.
/// Both clocks start when the loop has its first frame (<see cref="StartClock"/>). Displays (drm, fbdev) are wrapped in a
/// <see cref="ReopeningFrameSink"/>, so an unplugged screen does not stop the daemon.
/// </summary>
public sealed class LiveOutput : IDisposable
{
    private readonly IPlaybackClock? _clock;

    private LiveOutput(IFrameSink sink, PacedFrameSink? paced, AudioPlayer? player, IPlaybackClock? clock = null)
    {
        _clock = clock;
        Sink = sink;
        Paced = paced;
        Player = player;
    }

    /// <summary>The sink the loop writes to (paced for a live output).</summary>
    public IFrameSink Sink { get; }

    /// <summary>Null for file sinks.</summary>
    public PacedFrameSink? Paced { get; }

    /// <summary>Null unless --play.</summary>
    public AudioPlayer? Player { get; }

    /// <summary>How often a lost display is re-opened.</summary>
    public static readonly TimeSpan DisplayRetry = TimeSpan.FromSeconds(2);

    public static bool IsLive(FrameSinkKind kind) => kind is FrameSinkKind.Drm or FrameSinkKind.Fbdev or FrameSinkKind.Mjpeg;

    /// <summary>
    /// Checks <paramref name="play"/> ("alsa:DEVICE", or null) against the source and sink first (usage errors: playing
    /// the microphone back, or playing beside a file output), then opens the speaker, then the sink, so a refusal
    /// leaves nothing open.
    /// </summary>
    public static LiveOutput Create(FrameSinkSpec sinkSpec, FrameSinkOptions sinkOptions, AudioSourceKind sourceKind, string? play,
        Service.JournalLogger? log = null)
    {
        bool live = IsLive(sinkSpec.Kind);
        if (play is not null)
        {
            if (!play.StartsWith("alsa:", StringComparison.Ordinal) || play.Length == "alsa:".Length)
                throw new EdgeAvatarException(ExitCodes.Usage, $"--play takes alsa:DEVICE (e.g. alsa:default), not '{play}'.");
            if (sourceKind == AudioSourceKind.Alsa)
                throw new EdgeAvatarException(ExitCodes.Usage, "--play plays the speech of a file or TTS source; the microphone (alsa:) is never played back.");
            if (!live)
                throw new EdgeAvatarException(ExitCodes.Usage,
                    $"--play needs a live output (drm, fbdev or mjpeg); a {sinkSpec.Kind.ToString().ToLowerInvariant()} output is not played in real time (mp4 muxes the audio instead).");
        }
        AudioPlayer? player = play is null ? null : AudioPlayer.Open(play["alsa:".Length..]);
        try
        {
            IFrameSink sink = FrameSinkFactory.Create(sinkSpec, sinkOptions);
            if (!live) return new LiveOutput(sink, null, null);
            // A display can vanish (HDMI unplugged, DRM master taken): keep rendering and re-open it.
            if (sinkSpec.Kind is FrameSinkKind.Drm or FrameSinkKind.Fbdev)
                sink = new ReopeningFrameSink(sink, () => FrameSinkFactory.Create(sinkSpec, sinkOptions), DisplayRetry, log);
            IPlaybackClock clock = player is null ? new StopwatchPlaybackClock() : player;
            var paced = new PacedFrameSink(sink, new FramePacer(sinkOptions.Fps.ToDouble(), clock), clock);
            return new LiveOutput(paced, paced, player, clock);
        }
        catch
        {
            player?.Dispose();
            throw;
        }
    }

    /// <summary>The PCM the features read: the source itself, or its tee when the speaker plays it too.</summary>
    public PipeReader Tap(PipeReader source, CancellationToken ct)
        => Player is { } p ? PcmTee.Start(source, p.Enqueue, p.Complete, ct) : source;

    /// <summary>Media time 0 is now: called once the first frame is rendered, before it is written.</summary>
    public void StartClock() => _clock?.Start();

    /// <summary>
    /// True (counted as a drop) when the frame at <paramref name="presentationTime"/> would be too late to show if
    /// rendered now, taking <paramref name="renderTime"/> (the loop's running estimate).
    /// </summary>
    public bool ShouldSkip(TimeSpan presentationTime, TimeSpan renderTime) => Paced?.Pacer.WillBeLate(presentationTime, renderTime) ?? false;

    /// <summary>
    /// For a paced output, how long the loop may wait before rendering the frame at <paramref name="presentationTime"/>
    /// (taking <paramref name="renderTime"/>) and still show it on time, at least zero; null for file sinks, which have no
    /// clock.
    /// </summary>
    public TimeSpan? Slack(TimeSpan presentationTime, TimeSpan renderTime)
        => Paced is { } p ? TimeSpan.FromTicks(Math.Max(0, p.Pacer.Slack(presentationTime, renderTime).Ticks)) : null;

    /// <summary>At the end of the audio: waits until the speaker has played its last sample.</summary>
    public Task PlayedOutAsync(CancellationToken ct) => Player?.Completion.WaitAsync(ct) ?? Task.CompletedTask;

    public void Dispose() => Player?.Dispose();
}
