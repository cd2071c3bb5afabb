using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// The level of every video frame of audio the feed has written, on the media axis (frame i = samples
/// [640·i, 640·(i + 1)) at 16 kHz, 25 fps), as <see cref="PhoneFeatures.LevelDb"/> measures it on samples scaled to ±1.
/// It gives a live phone-driven mouth its loudness cue, which the file path computes over a whole chunk: here the
/// reference is the <see cref="PhoneFeatures.ReferencePercentile"/> frame of the last <see cref="WindowFrames"/>
/// frames written. Older frames are forgotten, so memory stays fixed however long the daemon runs.
/// Thread-safe: the feed's ticker writes, the render loop reads.
/// </summary>
public sealed class MediaLoudness
{
    /// <summary>Samples per video frame at the feed's rate and 25 fps.</summary>
    public const int FrameSamples = LiveAudioFeed.SampleRate / 25;

    /// <summary>Frames kept, and over which the reference level is taken: 10 s.</summary>
    public const int WindowFrames = 250;

    private readonly Lock _lock = new();
    private readonly double[] _levels = new double[WindowFrames];
    private long _frames; // complete frames written
    private double _partialSum;
    private int _partialSamples;
    private double _reference = double.NaN;

    /// <summary>Complete frames written so far (the next frame's index).</summary>
    public long Frames
    {
        get
        {
            lock (_lock) return _frames;
        }
    }

    /// <summary>Appends the next written samples (the feed writes in order, without gaps).</summary>
    public void Add(ReadOnlySpan<short> samples)
    {
        lock (_lock)
        {
            foreach (short s in samples)
            {
                double x = s / 32768.0;
                _partialSum += x * x;
                if (++_partialSamples < FrameSamples) continue;
                _levels[_frames % WindowFrames] = PhoneFeatures.LevelDb(_partialSum, FrameSamples);
                _frames++;
                _partialSum = 0;
                _partialSamples = 0;
                _reference = double.NaN;
            }
        }
    }

    /// <summary>Frame <paramref name="frame"/>'s level in dB, or false when it is not written yet or already forgotten.</summary>
    public bool TryLevel(long frame, out double levelDb)
    {
        lock (_lock)
        {
            levelDb = 0;
            if (frame < 0 || frame >= _frames || frame < _frames - WindowFrames) return false;
            levelDb = _levels[frame % WindowFrames];
            return true;
        }
    }

    /// <summary>The reference level (dB) over the kept frames, or false before the first frame.</summary>
    public bool TryReference(out double referenceDb)
    {
        lock (_lock)
        {
            referenceDb = 0;
            if (_frames == 0) return false;
            if (double.IsNaN(_reference))
                _reference = PhoneFeatures.ReferenceLevel(new ArraySegment<double>(_levels, 0, (int)Math.Min(_frames, WindowFrames)));
            referenceDb = _reference;
            return true;
        }
    }
}
