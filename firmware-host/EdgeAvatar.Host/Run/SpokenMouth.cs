using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The daemon's mouth for text it says (control socket <c>say</c>, GPIO greeting) when the model carries a mouth
/// generator: each utterance's known phones become a <see cref="PhoneMouthTrack"/> placed at the media frame where its
/// audio starts playing, and stop cuts it where the audio is cut. Frames with no said speech keep the audio network's
/// mouth. The driver asks by its own frame index; <see cref="DriverStartsAt"/> maps it to the media axis, which a
/// reloaded model's new driver restarts from 0.
/// Invariant: media frame i covers samples [640·i, 640·(i + 1)) of the feed; an utterance starting inside a frame is
/// placed at the nearest frame boundary (at most 20 ms off).
/// </summary>
public sealed class SpokenMouth : IMouthSource, IDisposable
{
    private const double Fps = 25.0;
    private readonly MouthGenerator _generator;
    private readonly MouthTrackQueue _queue;
    private readonly LiveAudioFeed? _feed;
    private long _offset;

    /// <param name="feed">The feed whose said speech this mouth follows (until disposed); null to be fed by hand.</param>
    public SpokenMouth(MouthGenerator generator, LiveAudioFeed? feed)
    {
        _generator = generator.EnsureValid();
        _queue = new MouthTrackQueue(generator.Outputs);
        _feed = feed;
        if (feed is null) return;
        feed.SpeechStarted += Started;
        feed.SpeechCut += Cut;
    }

    public int Measures => _queue.Measures;

    /// <summary>The driver's frame 0 is media frame <paramref name="mediaFrame"/>.</summary>
    public void DriverStartsAt(long mediaFrame) => Interlocked.Exchange(ref _offset, mediaFrame);

    public bool TryGet(long frame, Span<float> measures) => _queue.TryGet(frame + Interlocked.Read(ref _offset), measures);

    /// <summary>Said speech starts playing at <paramref name="startSeconds"/> of media time.</summary>
    public void Started(double startSeconds, short[] pcm, IReadOnlyList<TimedPhone> phones)
    {
        var pcmFloat = new float[pcm.Length];
        for (int i = 0; i < pcm.Length; i++) pcmFloat[i] = pcm[i] / 32768f;
        _queue.Add(PhoneMouthTrack.FromPhones(_generator, phones, pcmFloat, LiveAudioFeed.SampleRate, Fps,
            startFrame: (long)Math.Round(startSeconds * Fps)));
    }

    /// <summary>Speech was cut off at <paramref name="seconds"/> of media time.</summary>
    public void Cut(double seconds) => _queue.CutAt((long)Math.Ceiling(seconds * Fps - 1e-9));

    /// <summary>Stops following the feed.</summary>
    public void Dispose()
    {
        if (_feed is null) return;
        _feed.SpeechStarted -= Started;
        _feed.SpeechCut -= Cut;
    }
}
