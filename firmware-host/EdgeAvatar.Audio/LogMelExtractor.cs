namespace EdgeAvatar.Audio;

/// <summary>
/// Whole-clip log-mel extraction (the trainer's path). See <see cref="AudioFeatureConfig"/> for the frame geometry:
/// floor(N / hop) frames, frame k centred on [k·hop, (k+1)·hop), zeros outside the clip.
/// Output is bit-identical to <see cref="StreamingLogMelExtractor"/> fed the same samples in any chunking.
/// Not thread-safe; use one instance per thread.
/// </summary>
public sealed class LogMelExtractor
{
    private readonly LogMelFrameProcessor _processor;
    private readonly float[] _frame;

    public LogMelExtractor(AudioFeatureConfig? config = null)
    {
        _processor = new LogMelFrameProcessor(config ?? AudioFeatureConfig.Default);
        _frame = new float[Config.WindowLength];
    }

    public AudioFeatureConfig Config => _processor.Config;

    /// <summary>Features of float PCM (mono, at <see cref="AudioFeatureConfig.SampleRate"/>, nominally in [−1, 1]).</summary>
    public LogMelFeatures Extract(ReadOnlySpan<float> pcm)
    {
        long frames = Config.FrameCount(pcm.Length);
        int bands = Config.MelBands;
        var values = new float[frames * bands];
        var energy = new float[frames];
        for (int k = 0; k < frames; k++)
        {
            _processor.Gather(pcm, 0, pcm.Length, k, _frame);
            energy[k] = _processor.Compute(_frame, values.AsSpan(k * bands, bands));
        }
        return new LogMelFeatures(Config, (int)frames, values, energy);
    }

    /// <summary>Features of s16 PCM; converted with <see cref="Pcm.ToFloat(ReadOnlySpan{short}, Span{float})"/>.</summary>
    public LogMelFeatures Extract(ReadOnlySpan<short> pcm)
    {
        var floats = new float[pcm.Length];
        Pcm.ToFloat(pcm, floats);
        return Extract(floats);
    }
}
