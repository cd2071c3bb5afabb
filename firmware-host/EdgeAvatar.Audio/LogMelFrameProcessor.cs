namespace EdgeAvatar.Audio;

/// <summary>
/// The one code path that turns a frame's samples into its log-mel vector and energy. Both the batch and the
/// streaming extractor call <see cref="Gather"/> then <see cref="Compute"/> with the same inputs, which is why their
/// outputs are bit-identical by construction (and the tests check it).
/// Not thread-safe: owns scratch buffers.
/// </summary>
internal sealed class LogMelFrameProcessor
{
    private readonly AudioFeatureConfig _config;
    private readonly double[] _window;
    private readonly RealFft _fft;
    private readonly MelFilterBank _mel;
    private readonly double[] _frame;
    private readonly double[] _power;
    private readonly double[] _melValues;

    public LogMelFrameProcessor(AudioFeatureConfig config)
    {
        config.Validate();
        _config = config;
        int n = config.WindowLength;
        _window = new double[n];
        // Periodic Hann (torch.hann_window / librosa default): w[i] = 0.5 − 0.5 cos(2πi/n).
        for (int i = 0; i < n; i++) _window[i] = 0.5 - 0.5 * DeterministicMath.Cos(2 * DeterministicMath.Pi * i / n);
        _fft = new RealFft(config.FftSize);
        _mel = new MelFilterBank(config);
        _frame = new double[n];
        _power = new double[_fft.BinCount];
        _melValues = new double[config.MelBands];
    }

    public AudioFeatureConfig Config => _config;
    public MelFilterBank FilterBank => _mel;

    /// <summary>
    /// Copies frame <paramref name="frameIndex"/>'s window into <paramref name="frame"/> from a buffer holding absolute
    /// samples [<paramref name="bufferStart"/>, bufferStart + buffer.Length); samples before 0 or at/after
    /// <paramref name="knownEnd"/> (the clip's end, once known) read as zero. Every needed sample must be in the buffer
    /// or in one of those zero regions.
    /// </summary>
    public void Gather(ReadOnlySpan<float> buffer, long bufferStart, long knownEnd, long frameIndex, Span<float> frame)
    {
        long start = frameIndex * _config.HopLength + _config.WindowOffset;
        for (int i = 0; i < frame.Length; i++)
        {
            long s = start + i;
            if (s < 0 || s >= knownEnd) { frame[i] = 0f; continue; }
            long at = s - bufferStart;
            if (at < 0 || at >= buffer.Length)
                throw new InvalidOperationException($"Sample {s} of frame {frameIndex} is not buffered (internal error).");
            frame[i] = buffer[(int)at];
        }
    }

    /// <summary>
    /// ln(mel + eps) of one gathered frame (length = window length) into <paramref name="mel"/> (length = bands), and
    /// the frame's energy in dBFS (10·log10 of the mean square of the un-windowed samples; full-scale sine = −3 dB).
    /// </summary>
    public float Compute(ReadOnlySpan<float> frame, Span<float> mel)
    {
        double energy = 0;
        for (int i = 0; i < _frame.Length; i++)
        {
            double x = frame[i];
            energy += x * x;
            _frame[i] = x * _window[i];
        }
        _fft.PowerSpectrum(_frame, _power);
        _mel.Apply(_power, _melValues);
        double eps = _config.LogEpsilon;
        for (int b = 0; b < _melValues.Length; b++) mel[b] = (float)DeterministicMath.Log(_melValues[b] + eps);
        return (float)(10.0 * DeterministicMath.Log10(energy / _frame.Length + 1e-12));
    }
}
