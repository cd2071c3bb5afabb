using System.Buffers;
using System.IO.Pipelines;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Splits one PCM stream in two: everything read from the source goes, in order and unchanged, to the returned reader
/// (the feature extractor) and to <c>observe</c> (the audio player). Back-pressure is the feature side's: the copy
/// waits on its flush, so a slow renderer slows the source, never the player's queue (which the pacer bounds).
/// Completion and errors of the source pass through to the returned reader; <c>completed</c> runs exactly once,
/// when the copy ends for any reason.
/// </summary>
public static class PcmTee
{
    public static PipeReader Start(PipeReader source, Action<ReadOnlySequence<byte>> observe, Action completed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(observe);
        ArgumentNullException.ThrowIfNull(completed);
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        _ = Task.Run(async () =>
        {
            Exception? error = null;
            try
            {
                while (true)
                {
                    ReadResult r = await source.ReadAsync(ct).ConfigureAwait(false);
                    ReadOnlySequence<byte> buffer = r.Buffer;
                    if (!buffer.IsEmpty)
                    {
                        observe(buffer);
                        foreach (ReadOnlyMemory<byte> segment in buffer) pipe.Writer.Write(segment.Span);
                    }
                    source.AdvanceTo(buffer.End);
                    FlushResult f = await pipe.Writer.FlushAsync(ct).ConfigureAwait(false);
                    if (r.IsCompleted || r.IsCanceled || f.IsCompleted) break;
                }
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                completed();
                await pipe.Writer.CompleteAsync(error).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        return pipe.Reader;
    }
}
