using System.IO.Pipelines;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Alsa;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Live capture from an ALSA device on its own thread (a real-time-ish loop must not depend on the thread pool).
/// <para>
/// The capture thread never blocks on the consumer: after each period it starts a flush; while the previous flush is
/// still pending (unread data above <see cref="AudioSourceOptions.MaxBufferedBytes"/>, the pipe's pause threshold)
/// new periods are dropped and counted in DroppedBytes rather than stalling the device into an overrun. Overruns
/// (−EPIPE) and suspends are recovered with snd_pcm_recover and counted in Xruns; any other error ends capture and
/// completes the reader with an <see cref="EdgeAvatarException"/>.
/// </para>
/// Disposal asks the thread to stop; it notices after the current read returns (one period, ~10 ms, on a real
/// device) and closes the PCM itself, so the handle is never used from two threads.
/// </summary>
public sealed class AlsaAudioSource : IAudioSource
{
    private int _disposed;
    private readonly AlsaPcmDevice _device;
    private readonly Pipe _pipe;
    private readonly AudioSourceCounters _counters = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private volatile bool _stop;

    private AlsaAudioSource(AlsaPcmDevice device, AudioSourceOptions options)
    {
        _device = device;
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: options.MaxBufferedBytes,
            resumeWriterThreshold: options.MaxBufferedBytes / 2, useSynchronizationContext: false));
        _thread = new Thread(CaptureLoop) { IsBackground = true, Name = $"alsa-capture {device.Format.Device}" };
        _thread.Start();
    }

    public PipeReader Reader => _pipe.Reader;
    public AudioSourceStats Stats => _counters.Snapshot();
    public Task Completion => _done.Task;

    /// <summary>What the device agreed to (always 16 kHz mono; period and buffer as negotiated).</summary>
    public AlsaPcmFormat Format => _device.Format;

    /// <summary>Opens <paramref name="device"/> and starts capturing; failures are <see cref="EdgeAvatarException"/>s.</summary>
    public static AlsaAudioSource Open(string device, AudioSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        options ??= new AudioSourceOptions();
        options.Validate();
        return new AlsaAudioSource(AlsaPcmDevice.Open(device, AlsaDirection.Capture, options.AlsaPeriodMs, periods: 4), options);
    }

    private void CaptureLoop()
    {
        PipeWriter writer = _pipe.Writer;
        var period = new short[Math.Max(1, _device.Format.PeriodFrames)];
        ValueTask<FlushResult> pending = default;
        bool hasPending = false;
        Exception? failure = null;
        try
        {
            while (!_stop)
            {
                long n = _device.Read(period);
                if (n == -Interop.Alsa.EAgain) continue;
                if (n < 0)
                {
                    if (n == -Interop.Alsa.EPipe) _counters.AddXrun();
                    int r = _device.Recover((int)n);
                    if (r < 0)
                        throw new EdgeAvatarException(ExitCodes.IoError,
                            $"ALSA capture from '{_device.Format.Device}' failed: {Interop.Alsa.ErrorText(r)}.");
                    continue;
                }
                int bytes = (int)n * sizeof(short);
                if (hasPending)
                {
                    if (!pending.IsCompleted)
                    {
                        _counters.AddDropped(bytes); // consumer behind: drop, never block the device
                        continue;
                    }
                    hasPending = false;
                    if (pending.GetAwaiter().GetResult().IsCompleted) break; // consumer completed the reader
                }
                MemoryMarshal.AsBytes(period.AsSpan(0, (int)n)).CopyTo(writer.GetSpan(bytes));
                writer.Advance(bytes);
                _counters.AddBytes(bytes);
                ValueTask<FlushResult> flush = writer.FlushAsync();
                if (flush.IsCompleted)
                {
                    if (flush.GetAwaiter().GetResult().IsCompleted) break;
                }
                else
                {
                    pending = flush;
                    hasPending = true;
                }
            }
        }
        catch (Exception ex)
        {
            failure = ex is EdgeAvatarException ? ex : new EdgeAvatarException(ExitCodes.IoError, $"ALSA capture failed: {ex.Message}", ex);
        }
        finally
        {
            _device.Dispose();
            writer.Complete(failure);
            if (failure is null) _done.TrySetResult();
            else _done.TrySetException(failure);
        }
    }

    /// <summary>Stops the producer; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop = true;
        // A pending flush keeps no lock; the thread just needs its current read to return.
        await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (EdgeAvatarException)
        {
            // Already delivered to the reader.
        }
    }
}
