using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeAvatar.Audio;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Turns an <see cref="IAudioSource"/>'s s16le 16 kHz mono PCM into per-video-frame audio features (25 fps), with the
/// same arithmetic as the trainer (see <see cref="AudioFrameAssembler"/> for the exact contract).
/// <para>
/// Latency, from the moment a frame's audio starts: its window needs feature frames up to 2i + 7, i.e. audio up to
/// (2i + 8) hops + the extractor's 2.5 ms look-ahead = <see cref="WindowLatency"/> (162.5 ms at the defaults),
/// inherent to the trained model; the smoothing look-ahead adds <see cref="AddedLatency"/> = LookAheadFrames × 40 ms
/// on top (120 ms at the default 3; 0 for causal smoothing).
/// </para>
/// End of stream: the tail frames are emitted edge-padded, so a stream of N samples yields floor(N / 640) frames
/// (= floor(duration × 25)); an odd trailing byte is ignored.
/// </summary>
public sealed class StreamingAudioFeatures
{
    private const int ChunkSamples = 4096;
    private readonly AudioNormalization _normalization;

    public StreamingAudioFeatures(AudioNormalization normalization, StreamingFeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("PCM is little-endian; big-endian hosts are not supported.");
        Options = options ?? new StreamingFeatureOptions();
        Options.Validate();
        normalization.Validate(Options.FeatureConfig.MelBands);
        _normalization = normalization;
    }

    public StreamingFeatureOptions Options { get; }

    public int LookAheadFrames => Options.LookAheadFrames;

    /// <summary>One video frame: 2 hops (40 ms at the defaults).</summary>
    public TimeSpan FrameDuration => TimeSpan.FromTicks(AudioFrameAssembler.FrameTicks(Options.FeatureConfig));

    /// <summary>Audio needed past a frame's start before its window is complete (162.5 ms at the defaults).</summary>
    public TimeSpan WindowLatency
    {
        get
        {
            AudioFeatureConfig c = Options.FeatureConfig;
            // Frame i starts at sample 2i·hop; its window ends at (2i + 8)·hop + look-ahead samples.
            long samples = (FeatureWindow.FeatureFramesNeeded(0) * c.HopLength) + ((c.WindowLength - c.HopLength) / 2);
            return TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / c.SampleRate);
        }
    }

    /// <summary>Latency added by the smoothing look-ahead: LookAheadFrames × <see cref="FrameDuration"/>.</summary>
    public TimeSpan AddedLatency => FrameDuration * LookAheadFrames;

    /// <summary>
    /// Reads <paramref name="reader"/> to its end, yielding frames as soon as they (and their look-ahead) are
    /// complete. The reader is completed when enumeration ends (normally, by cancellation or by an exception), which
    /// tells the source to stop.
    /// </summary>
    public async IAsyncEnumerable<AudioFrameFeatures> ReadAllAsync(PipeReader reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var assembler = new AudioFrameAssembler(_normalization, Options);
        var samples = new short[ChunkSamples];
        Exception? failure = null;
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure = ex;
                    throw;
                }
                ReadOnlySequence<byte> buffer = result.Buffer;
                long whole = buffer.Length & ~1L; // an odd byte waits for its partner
                long offset = 0;
                while (offset < whole)
                {
                    int bytes = (int)Math.Min(whole - offset, ChunkSamples * sizeof(short));
                    buffer.Slice(offset, bytes).CopyTo(MemoryMarshal.AsBytes(samples.AsSpan()));
                    assembler.Push(samples.AsSpan(0, bytes / sizeof(short)));
                    offset += bytes;
                }
                reader.AdvanceTo(buffer.GetPosition(whole), buffer.End);
                if (result.IsCompleted) assembler.Complete();
                while (assembler.TryRead(out AudioFrameFeatures frame)) yield return frame;
                if (result.IsCompleted || result.IsCanceled) break;
            }
        }
        finally
        {
            await reader.CompleteAsync(failure).ConfigureAwait(false);
        }
    }
}
