namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// Cepstral mean normalisation for a live stream, causal: each frame has the mean of the newest
/// <see cref="WindowFrames"/> frames (itself included) taken off. Until <see cref="PriorFrames"/> frames have been seen
/// the model's prior mean (its <c>-cmninit</c>) stands in for the missing ones, so the first frames of a stream are not
/// normalised by a mean of almost nothing.
/// <para>
/// Why not the library's own: fed piece by piece, PocketSphinx subtracts a mean that starts at the prior and is only
/// updated when an utterance ends, weighted as if the prior were five seconds of audio, so for a voice or microphone far
/// from the model's average it stays wrong for many utterances. The whole-file recogniser normalises each utterance by
/// its own mean, which live audio cannot know; a window of the last seconds comes closest.
/// </para>
/// <para>
/// Invariant: the output is re-centred on the prior (frame − window mean + prior). The library's own normalisation
/// cannot be turned off (the model's feat.params override <c>-cmn</c>) and keeps subtracting a mean that starts at the
/// prior and follows what it is fed; frames whose mean is the prior keep that subtraction at the prior.
/// </para>
/// </summary>
public sealed class WindowedCepstralMean
{
    /// <summary>Frames (10 ms each) in the window: about an utterance's length.</summary>
    public const int DefaultWindowFrames = 250;

    /// <summary>Frames' worth of weight the prior has while the window is filling.</summary>
    public const int DefaultPriorFrames = 100;

    private readonly float[] _prior;
    private readonly float[][] _ring;
    private readonly double[] _sum;
    private int _count; // frames in the ring
    private int _next; // ring slot of the next frame

    public WindowedCepstralMean(ReadOnlySpan<float> prior, int windowFrames = DefaultWindowFrames, int priorFrames = DefaultPriorFrames)
    {
        if (prior.IsEmpty) throw new ArgumentException("The prior mean is empty.", nameof(prior));
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(priorFrames);
        _prior = prior.ToArray();
        WindowFrames = windowFrames;
        PriorFrames = priorFrames;
        _ring = new float[windowFrames][];
        for (int i = 0; i < windowFrames; i++) _ring[i] = new float[_prior.Length];
        _sum = new double[_prior.Length];
    }

    public int WindowFrames { get; }

    public int PriorFrames { get; }

    /// <summary>Floats per frame.</summary>
    public int Width => _prior.Length;

    /// <summary>Normalises <paramref name="frame"/> in place (the next frame of the stream) and remembers it.</summary>
    public void Normalise(Span<float> frame)
    {
        if (frame.Length != _prior.Length)
            throw new ArgumentException($"A frame has {frame.Length} floats; this mean has {_prior.Length}.", nameof(frame));
        float[] slot = _ring[_next];
        for (int j = 0; j < frame.Length; j++)
        {
            if (_count == WindowFrames) _sum[j] -= slot[j];
            _sum[j] += frame[j];
            slot[j] = frame[j];
        }
        _next = (_next + 1) % WindowFrames;
        if (_count < WindowFrames) _count++;
        int priorWeight = Math.Max(0, PriorFrames - _count);
        for (int j = 0; j < frame.Length; j++)
        {
            double mean = (_sum[j] + (double)_prior[j] * priorWeight) / (_count + priorWeight);
            frame[j] = (float)(frame[j] - mean + _prior[j]);
        }
    }
}
