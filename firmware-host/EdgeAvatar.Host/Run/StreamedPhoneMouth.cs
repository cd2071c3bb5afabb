using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The daemon's mouth for speech whose phones arrive as it plays (a TTS engine's side channel, <c>run --phones</c>):
/// for each frame it reads the phones placed on the media axis (<see cref="SpokenPhoneTimeline"/>) and the written
/// audio's levels (<see cref="MediaLoudness"/>) over the generator's ±Context frames, and runs the model's generator on
/// that window: the same features, layout and read-out as <see cref="PhoneMouthTrack"/>, so a mouth trained on
/// recognised phones follows the sender's exact ones. Two differences from the file path, both forced by streaming:
/// the loudness reference is the last <see cref="MediaLoudness.WindowFrames"/> frames' instead of the whole chunk's, and
/// a frame whose audio is not written yet takes the newest written frame's level (the file path clamps at its end).
/// A frame with no phone in its window returns false: the audio network's mouth (or an r2talker model's silence row)
/// stays. Answers from memory without blocking: one small read-out per frame.
/// </summary>
public sealed class StreamedPhoneMouth : IMouthSource
{
    private const double Fps = 25.0;
    private readonly MouthGenerator _generator;
    private readonly SpokenPhoneTimeline _timeline;
    private readonly MediaLoudness _loudness;
    private long _offset;

    public StreamedPhoneMouth(MouthGenerator generator, SpokenPhoneTimeline timeline, MediaLoudness loudness)
    {
        _generator = generator.EnsureValid();
        _timeline = timeline;
        _loudness = loudness;
    }

    public int Measures => _generator.Outputs;

    /// <summary>The driver's frame 0 is media frame <paramref name="mediaFrame"/>.</summary>
    public void DriverStartsAt(long mediaFrame) => Interlocked.Exchange(ref _offset, mediaFrame);

    /// <summary>
    /// End (seconds on the media axis) of the phone window the generator reads for media frame <paramref name="centre"/>:
    /// phones of later audio do not change that frame's mouth.
    /// </summary>
    public static double WindowEndSeconds(MouthGenerator generator, long centre) => (centre + generator.FrontEnd.Context + 1) / Fps;

    public bool TryGet(long frame, Span<float> measures)
    {
        var fe = _generator.FrontEnd;
        int n = fe.Context, span = 2 * n + 1, w = fe.FrameWidth;
        long centre = frame + Interlocked.Read(ref _offset);
        // The window's frames plus one each side, so the loudness slope of its end frames sees their true neighbours.
        long first = centre - n - 1;
        int count = span + 2;
        double t0 = first / Fps;
        var phones = _timeline.Overlapping(t0, (first + count) / Fps);
        double w0 = (centre - n) / Fps, w1 = WindowEndSeconds(_generator, centre);
        if (!phones.Exists(p => p.End > w0 && p.Start < w1)) return false;
        for (int i = 0; i < phones.Count; i++) phones[i] = new TimedPhone(phones[i].Phone, phones[i].Start - t0, phones[i].End - t0);

        var perFrame = new float[count * w];
        PhoneFeatures.WriteClassShares(fe, phones, Fps, perFrame);
        if (fe.Energy)
        {
            var e = new float[count];
            bool haveReference = _loudness.TryReference(out double reference);
            long newest = _loudness.Frames - 1;
            for (int j = 0; j < count; j++)
            {
                long f = Math.Min(first + j, newest);
                e[j] = haveReference && _loudness.TryLevel(f, out double db) ? PhoneFeatures.RelativeLevel(db, reference) : PhoneFeatures.EnergyFloor;
            }
            PhoneFeatures.WriteEnergy(fe, e, perFrame);
        }
        // Frames 1..span are centre − n .. centre + n, oldest first: exactly PhoneFeatures.Windowed's layout for one frame.
        _generator.Predict(perFrame.AsSpan(w, span * w), 1).CopyTo(measures);
        return true;
    }
}
