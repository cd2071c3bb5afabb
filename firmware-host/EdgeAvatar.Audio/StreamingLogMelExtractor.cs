namespace EdgeAvatar.Audio;

/// <summary>
/// Incremental log-mel extraction for live audio (the device's path). Push PCM in chunks of any size, read completed
/// feature frames in order; call <see cref="Complete"/> at end of stream to flush the last frames (zero-padded exactly
/// like <see cref="LogMelExtractor"/> pads the clip end).
/// <para>
/// Invariants: after the same samples (any chunking) and <see cref="Complete"/>, the frames read are bit-identical to
/// <see cref="LogMelExtractor.Extract(ReadOnlySpan{float})"/>'s, and there are floor(N / hop) of them. Frame k is
/// released as soon as sample k·hop + hop/2 + win/2 has arrived: a bounded look-ahead of
/// <see cref="LookAheadSamples"/> (40 samples = 2.5 ms at the defaults) past the frame's own interval, so the
/// extractor adds at most one hop + that look-ahead of latency. Only samples still needed by unreleased frames are
/// kept (≤ one window plus the last chunk). Released but unread frames queue without bound: read them.
/// </para>
/// Not thread-safe: push and read from one thread (or lock around it).
/// </summary>
public sealed class StreamingLogMelExtractor
{
    private readonly LogMelFrameProcessor _processor;
    private readonly float[] _frame;
    private readonly int _bands;

    private float[] _samples = new float[4096];
    private long _samplesStart;   // absolute index of _samples[0]
    private int _samplesCount;
    private long _received;
    private long _nextFrame;      // next frame to compute
    private bool _completed;

    private float[] _outValues;   // queued frames, row-major, starting at row _outHead
    private float[] _outEnergy;
    private int _outHead;
    private int _outCount;
    private long _framesRead;

    public StreamingLogMelExtractor(AudioFeatureConfig? config = null)
    {
        _processor = new LogMelFrameProcessor(config ?? AudioFeatureConfig.Default);
        _frame = new float[Config.WindowLength];
        _bands = Config.MelBands;
        _outValues = new float[64 * _bands];
        _outEnergy = new float[64];
    }

    public AudioFeatureConfig Config => _processor.Config;

    /// <summary>Samples needed past a frame's interval before it is released: (win − hop) / 2.</summary>
    public int LookAheadSamples => (Config.WindowLength - Config.HopLength) / 2;

    public long SamplesReceived => _received;
    public bool IsCompleted => _completed;

    /// <summary>Frames computed and waiting to be read.</summary>
    public int FramesAvailable => _outCount;

    /// <summary>Index (in the clip's frame numbering) of the frame <see cref="TryReadFrame"/> returns next.</summary>
    public long NextFrameIndex => _framesRead;

    /// <summary>Appends float PCM; returns <see cref="FramesAvailable"/>.</summary>
    public int Push(ReadOnlySpan<float> pcm)
    {
        if (_completed) throw new InvalidOperationException("The stream was completed; call Reset to start a new one.");
        EnsureSampleCapacity(_samplesCount + pcm.Length);
        pcm.CopyTo(_samples.AsSpan(_samplesCount));
        _samplesCount += pcm.Length;
        _received += pcm.Length;
        ComputeReadyFrames(knownEnd: long.MaxValue, lastFrame: long.MaxValue);
        return _outCount;
    }

    /// <summary>Appends s16 PCM (converted by <see cref="Pcm.ToFloat(ReadOnlySpan{short}, Span{float})"/>).</summary>
    public int Push(ReadOnlySpan<short> pcm)
    {
        Span<float> chunk = stackalloc float[1024];
        while (!pcm.IsEmpty)
        {
            int n = Math.Min(chunk.Length, pcm.Length);
            Pcm.ToFloat(pcm[..n], chunk);
            Push(chunk[..n]);
            pcm = pcm[n..];
        }
        return _outCount;
    }

    /// <summary>End of stream: releases the remaining frames up to floor(N / hop), reading zeros past the end.</summary>
    public int Complete()
    {
        if (_completed) return _outCount;
        _completed = true;
        ComputeReadyFrames(knownEnd: _received, lastFrame: Config.FrameCount(_received) - 1);
        return _outCount;
    }

    /// <summary>Reads the next frame's bands into <paramref name="mel"/> (length ≥ bands); false when none is ready.</summary>
    public bool TryReadFrame(Span<float> mel, out float energyDb)
    {
        if (_outCount == 0)
        {
            energyDb = 0;
            return false;
        }
        _outValues.AsSpan(_outHead * _bands, _bands).CopyTo(mel);
        energyDb = _outEnergy[_outHead];
        _outHead++;
        _outCount--;
        _framesRead++;
        if (_outCount == 0) _outHead = 0;
        return true;
    }

    /// <summary>Forgets all state to start a new stream with the same config.</summary>
    public void Reset()
    {
        _samplesStart = 0;
        _samplesCount = 0;
        _received = 0;
        _nextFrame = 0;
        _completed = false;
        _outHead = 0;
        _outCount = 0;
        _framesRead = 0;
    }

    private void ComputeReadyFrames(long knownEnd, long lastFrame)
    {
        int hop = Config.HopLength, offset = Config.WindowOffset, win = Config.WindowLength;
        while (_nextFrame <= lastFrame)
        {
            long end = _nextFrame * hop + offset + win;
            if (knownEnd == long.MaxValue && end > _received) break; // not all of its window has arrived yet
            _processor.Gather(_samples.AsSpan(0, _samplesCount), _samplesStart, knownEnd, _nextFrame, _frame);
            EnsureOutCapacity();
            int row = _outHead + _outCount;
            _outEnergy[row] = _processor.Compute(_frame, _outValues.AsSpan(row * _bands, _bands));
            _outCount++;
            _nextFrame++;
        }
        // Drop samples no future frame reads: everything before the next frame's window start.
        long keepFrom = Math.Max(0, _nextFrame * hop + offset);
        int drop = (int)Math.Clamp(keepFrom - _samplesStart, 0, _samplesCount);
        if (drop > 0)
        {
            Array.Copy(_samples, drop, _samples, 0, _samplesCount - drop);
            _samplesCount -= drop;
            _samplesStart += drop;
        }
    }

    private void EnsureSampleCapacity(int needed)
    {
        if (needed <= _samples.Length) return;
        Array.Resize(ref _samples, Math.Max(needed, _samples.Length * 2));
    }

    private void EnsureOutCapacity()
    {
        int rows = _outEnergy.Length;
        if (_outHead + _outCount < rows) return;
        if (_outHead > 0)
        {
            // Slide the queued rows to the front before growing.
            Array.Copy(_outValues, _outHead * _bands, _outValues, 0, _outCount * _bands);
            Array.Copy(_outEnergy, _outHead, _outEnergy, 0, _outCount);
            _outHead = 0;
            if (_outCount < rows) return;
        }
        Array.Resize(ref _outValues, rows * 2 * _bands);
        Array.Resize(ref _outEnergy, rows * 2);
    }
}
