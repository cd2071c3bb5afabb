using EdgeAvatar.Audio;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Push-based core of <see cref="StreamingAudioFeatures"/>: s16 PCM in, <see cref="AudioFrameFeatures"/> out, in
/// video-frame order.
/// <para>
/// Pipeline per feature frame (50 Hz): <see cref="StreamingLogMelExtractor"/> (bit-identical to the trainer's
/// <see cref="LogMelExtractor"/> under any chunking) → <see cref="AudioNormalization.Apply"/> (element-wise, so
/// normalising frame by frame equals normalising the whole matrix) → <see cref="VoiceActivityDetector"/> (causal).
/// Video frame i is built once feature frames up to 2i + 7 exist (<see cref="FeatureWindow.FeatureFramesNeeded"/>);
/// indices below 0 are clamped to 0, like FeatureWindow.CopyWindow. At <see cref="Complete"/> the total feature count
/// F = floor(N / hop) is known, and frames up to floor(F / 2) − 1 are built with indices clamped to F − 1 — exactly
/// the offline clamp, so every window equals FeatureWindow.CopyWindow over the whole clip's features.
/// </para>
/// <para>
/// Frame i is released when frame i + lookAhead has been built (or at end of stream), carrying those later windows.
/// Memory: only the feature frames still needed by unbuilt frames (≤ 16 + one push's worth) are retained.
/// </para>
/// Not thread-safe.
/// </summary>
internal sealed class AudioFrameAssembler
{
    private readonly StreamingLogMelExtractor _extractor;
    private readonly AudioNormalization _normalization;
    private readonly VoiceActivityDetector _vad;
    private readonly int _lookAhead;
    private readonly int _bands;
    private readonly long _frameTicks;
    private readonly float[] _mel;

    // Retained normalised feature frames [_featBase, _featBase + _featCount), row-major, with energy and voice flags.
    private float[] _feat;
    private float[] _energy;
    private bool[] _voice;
    private long _featBase;
    private int _featCount;

    private long _nextBuild;
    private bool _completed;
    private readonly Queue<AudioFrameFeatures> _built = new();   // built, waiting for their look-ahead
    private readonly Queue<AudioFrameFeatures> _ready = new();   // released to the reader

    public AudioFrameAssembler(AudioNormalization normalization, StreamingFeatureOptions options)
    {
        _extractor = new StreamingLogMelExtractor(options.FeatureConfig);
        _normalization = normalization;
        _vad = new VoiceActivityDetector(options.VoiceActivity);
        _lookAhead = options.LookAheadFrames;
        _bands = options.FeatureConfig.MelBands;
        _frameTicks = FrameTicks(options.FeatureConfig);
        _mel = new float[_bands];
        _feat = new float[64 * _bands];
        _energy = new float[64];
        _voice = new bool[64];
    }

    /// <summary>Duration of one video frame (two feature hops) in ticks: 40 ms at the defaults.</summary>
    public static long FrameTicks(AudioFeatureConfig config)
        => FeatureWindow.FeatureFramesPerVideoFrame * config.HopLength * TimeSpan.TicksPerSecond / config.SampleRate;

    /// <summary>Feature frames seen so far.</summary>
    public long FeatureFrames => _featBase + _featCount;

    public void Push(ReadOnlySpan<short> pcm)
    {
        if (_completed) throw new InvalidOperationException("The stream was completed.");
        _extractor.Push(pcm);
        Drain();
        Build(FeatureFrames, final: false);
    }

    /// <summary>End of stream: builds the tail frames (edge-padded) and releases everything.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        _extractor.Complete();
        Drain();
        Build(FeatureFrames, final: true);
    }

    public bool TryRead(out AudioFrameFeatures frame) => _ready.TryDequeue(out frame!);

    private void Drain()
    {
        while (_extractor.TryReadFrame(_mel, out float energyDb))
        {
            _normalization.Apply(_mel);
            EnsureCapacity(_featCount + 1);
            _mel.CopyTo(_feat.AsSpan(_featCount * _bands, _bands));
            _energy[_featCount] = energyDb;
            _voice[_featCount] = _vad.Process(energyDb);
            _featCount++;
        }
    }

    private void Build(long total, bool final)
    {
        long videoFrames = total / FeatureWindow.FeatureFramesPerVideoFrame; // floor(F / 2): frames that exist
        while (_nextBuild < videoFrames && (final || FeatureWindow.FeatureFramesNeeded(_nextBuild) <= total))
        {
            _built.Enqueue(BuildFrame(_nextBuild, total));
            _nextBuild++;
        }
        Release(final);
        // Keep only what unbuilt frames can still read: indices ≥ 2·next − 8.
        long keepFrom = Math.Max(0, FeatureWindow.FeatureFramesPerVideoFrame * _nextBuild + FeatureWindow.WindowStartOffset);
        int drop = (int)Math.Clamp(keepFrom - _featBase, 0, _featCount);
        if (drop > 0)
        {
            Array.Copy(_feat, drop * _bands, _feat, 0, (_featCount - drop) * _bands);
            Array.Copy(_energy, drop, _energy, 0, _featCount - drop);
            Array.Copy(_voice, drop, _voice, 0, _featCount - drop);
            _featCount -= drop;
            _featBase += drop;
        }
    }

    private AudioFrameFeatures BuildFrame(long i, long total)
    {
        var window = new float[FeatureWindow.WindowFrames * _bands];
        long start = FeatureFramesPerVideo * i + FeatureWindow.WindowStartOffset;
        for (int j = 0; j < FeatureWindow.WindowFrames; j++)
        {
            // Same clamp as FeatureWindow.WindowIndices, in long (a daemon's stream outlives int frame indices).
            long idx = Math.Clamp(start + j, 0, total - 1);
            _feat.AsSpan(Row(idx) * _bands, _bands).CopyTo(window.AsSpan(j * _bands, _bands));
        }
        int a = Row(FeatureFramesPerVideo * i), b = Row(FeatureFramesPerVideo * i + 1);
        return new AudioFrameFeatures(i, window, [], _voice[a] || _voice[b], Math.Max(_energy[a], _energy[b]),
            TimeSpan.FromTicks(i * _frameTicks));
    }

    private const int FeatureFramesPerVideo = FeatureWindow.FeatureFramesPerVideoFrame;

    private int Row(long featureIndex)
    {
        long row = featureIndex - _featBase;
        if (row < 0 || row >= _featCount)
            throw new InvalidOperationException($"Feature frame {featureIndex} is no longer retained (bug in trimming).");
        return (int)row;
    }

    private void Release(bool final)
    {
        while (_built.Count > _lookAhead || (final && _built.Count > 0))
        {
            AudioFrameFeatures head = _built.Dequeue();
            int k = Math.Min(_lookAhead, _built.Count);
            var ahead = new float[k][];
            int n = 0;
            foreach (AudioFrameFeatures next in _built)
            {
                if (n == k) break;
                ahead[n++] = next.Window;
            }
            _ready.Enqueue(head with { LookAhead = ahead });
        }
    }

    private void EnsureCapacity(int frames)
    {
        if (frames <= _energy.Length) return;
        int n = Math.Max(frames, _energy.Length * 2);
        Array.Resize(ref _feat, n * _bands);
        Array.Resize(ref _energy, n);
        Array.Resize(ref _voice, n);
    }
}
