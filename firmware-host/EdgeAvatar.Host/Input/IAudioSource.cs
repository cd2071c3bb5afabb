using System.IO.Pipelines;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// A live or file audio input delivered as s16le 16 kHz mono PCM bytes.
/// <para>
/// Invariants: <see cref="Reader"/> only ever carries whole samples (an even number of bytes in total at any flush
/// boundary), already at 16 kHz mono — format conversion happened inside the source, once. The reader completes
/// (IsCompleted) when the stream ends; an input failure completes it with the exception, which also faults
/// <see cref="Completion"/>. Buffering between the source and the reader is bounded (see
/// <see cref="AudioSourceOptions.MaxBufferedBytes"/>): files and sockets apply back-pressure, ALSA drops and counts.
/// </para>
/// Disposing stops the producer (thread, ffmpeg, listener) and completes the writer; the consumer still completes
/// the reader itself.
/// </summary>
public interface IAudioSource : IAsyncDisposable
{
    /// <summary>The PCM stream: s16le, 16 kHz, mono.</summary>
    PipeReader Reader { get; }

    /// <summary>A snapshot of the counters (safe to call from any thread).</summary>
    AudioSourceStats Stats { get; }

    /// <summary>Completes when the producer stops (end of file, disposal); faults if it failed.</summary>
    Task Completion { get; }
}
