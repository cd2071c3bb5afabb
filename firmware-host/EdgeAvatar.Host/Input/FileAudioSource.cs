using System.IO.Pipelines;
using EdgeAvatar.Media;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// A media file decoded by ffmpeg (EdgeAvatar.Media's <see cref="AudioDecoder"/>: the same resampling, down-mix and
/// f32 → s16 rounding the trainer's DecodeS16 uses, so file features match training bit for bit). A background pump
/// copies ffmpeg's PCM into the source's pipe, stopping at <see cref="AudioSourceOptions.MaxBufferedBytes"/> unread
/// bytes (back-pressure: nothing is dropped; ffmpeg simply blocks). The reader completes at end of file; a decode
/// failure completes it with the <see cref="Common.EdgeAvatarException"/> (DataError + ffmpeg's stderr tail).
/// </summary>
public sealed class FileAudioSource : IAudioSource
{
    private int _disposed;
    private readonly Pipe _pipe;
    private readonly AudioSourceCounters _counters = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly PcmStream _stream;

    private FileAudioSource(PcmStream stream, AudioSourceOptions options)
    {
        _stream = stream;
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: options.MaxBufferedBytes,
            resumeWriterThreshold: options.MaxBufferedBytes / 2, useSynchronizationContext: false));
        Completion = Task.Run(PumpAsync);
    }

    public PipeReader Reader => _pipe.Reader;
    public AudioSourceStats Stats => _counters.Snapshot();
    public Task Completion { get; }

    /// <summary>Probes and starts decoding; missing file → NoInput, not audio → DataError, no ffmpeg → Unavailable.</summary>
    public static FileAudioSource Open(string path, AudioSourceOptions? options = null)
    {
        options ??= new AudioSourceOptions();
        options.Validate();
        return new FileAudioSource(AudioDecoder.OpenStream(path, PcmSampleFormat.S16, options.Tools), options);
    }

    private async Task PumpAsync()
    {
        PipeWriter writer = _pipe.Writer;
        var aligned = new SampleAlignedWriter(writer, _counters);
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int n = await _stream.ReadAsync(buffer, _cts.Token).ConfigureAwait(false);
                if (n == 0) break;
                aligned.Write(buffer.AsSpan(0, n));
                FlushResult flush = await writer.FlushAsync(_cts.Token).ConfigureAwait(false);
                if (flush.IsCompleted) break; // the consumer stopped reading
            }
            aligned.DropPending();
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await writer.CompleteAsync(ex).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the producer; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A decode failure was already delivered to the reader; disposal must not throw it again.
        }
        _cts.Dispose();
    }
}
