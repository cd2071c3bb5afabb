using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Render.Mouth;

/// <summary>
/// The public seam from timed phones to the mouth: turns a known phone sequence (CMU names, times in seconds from the
/// start of <c>pcm</c>) plus that audio into per-frame mouth values for one model's generator: its mouth measures, or
/// for a landmark generator its landmark rows (<see cref="MouthGenerator.Outputs"/> floats a frame). The phones may be the
/// recogniser's (<see cref="Recognize"/>) or exact ones from a TTS engine (<see cref="FromPhones"/>). The track is a
/// <see cref="IMouthSource"/> whose frame 0 is driver frame <see cref="StartFrame"/>, so a sentence whose audio starts
/// at driver frame s is played with <c>StartFrame = s</c>.
/// Everything is computed up front: asking for a frame is a copy, so it never stalls the render loop.
/// </summary>
public sealed class PhoneMouthTrack : IMouthSource
{
    private readonly float[] _measures;

    private PhoneMouthTrack(float[] measures, int frames, int k, long startFrame)
    {
        _measures = measures;
        Frames = frames;
        Measures = k;
        StartFrame = startFrame;
    }

    /// <summary>Frames in the track.</summary>
    public int Frames { get; }

    public int Measures { get; }

    /// <summary>The driver frame the track's frame 0 plays at.</summary>
    public long StartFrame { get; }

    /// <summary>Frame <paramref name="index"/>'s measures (track index, not driver index).</summary>
    public ReadOnlySpan<float> Frame(int index) => _measures.AsSpan(index * Measures, Measures);

    /// <summary>Every frame's measures, frames × Measures.</summary>
    public ReadOnlySpan<float> All => _measures;

    public bool TryGet(long frame, Span<float> measures)
    {
        long i = frame - StartFrame;
        if (i < 0 || i >= Frames) return false;
        Frame((int)i).CopyTo(measures);
        return true;
    }

    /// <summary>
    /// The track for known phones. <paramref name="frames"/> defaults to the audio's length in frames (rounded up);
    /// frames past both the audio and the phones hold the generator's silence value.
    /// </summary>
    /// <param name="pcm">Mono audio at <paramref name="sampleRate"/> the phone times refer to.</param>
    public static PhoneMouthTrack FromPhones(MouthGenerator generator, IReadOnlyList<TimedPhone> phones, ReadOnlySpan<float> pcm,
        int sampleRate, double fps, int? frames = null, long startFrame = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        generator.EnsureValid();
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
        if (!(fps > 0)) throw new ArgumentOutOfRangeException(nameof(fps));
        int n = frames ?? (int)Math.Ceiling(pcm.Length * fps / sampleRate - 1e-9);
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(frames));
        var perFrame = PhoneFeatures.PerFrame(generator.FrontEnd, phones, pcm, sampleRate, fps, n);
        var windowed = PhoneFeatures.Windowed(generator.FrontEnd, perFrame, n);
        return new PhoneMouthTrack(generator.Predict(windowed, n), n, generator.Outputs, startFrame);
    }

    /// <summary>The track for audio without known phones: the phones come from <paramref name="recognizer"/> (16 kHz).</summary>
    public static PhoneMouthTrack Recognize(MouthGenerator generator, PhoneRecognizer recognizer, ReadOnlySpan<float> pcm16k,
        double fps, int? frames = null, long startFrame = 0)
    {
        ArgumentNullException.ThrowIfNull(recognizer);
        var phones = recognizer.Recognize(pcm16k);
        return FromPhones(generator, phones, pcm16k, PhoneRecognizer.SampleRate, fps, frames, startFrame);
    }
}
