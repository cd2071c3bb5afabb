using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// Shared behaviour of the file sinks (mp4, y4m, png): the frame size is fixed by the first frame; presentation
/// times go through a <see cref="ConstantRateGate"/> so the output has exactly one frame per 1/fps slot from slot 0
/// (audio muxed or played alongside stays in sync); gap slots repeat the previous frame (the copy kept in
/// <see cref="_previous"/>). Subclasses write one slot at a time and publish atomically in <see cref="FinishAsync"/>.
/// </summary>
internal abstract class ConstantRateSink : IFrameSink
{
    private readonly ConstantRateGate _gate;
    private byte[]? _previous; // last written frame (width × height × 3), for gap fill
    private bool _completed;

    protected ConstantRateSink(double fps) => _gate = new ConstantRateGate(fps);

    protected FrameSinkCounters Counters { get; } = new();
    protected int Width { get; private set; }
    protected int Height { get; private set; }

    public abstract string Description { get; }
    public FrameSinkStats Stats => Counters.Snapshot();

    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct)
    {
        if (_completed) throw new InvalidOperationException("The sink was already completed.");
        CheckFrame(rgb24.Length, width, height);
        if (Width == 0)
        {
            Width = width;
            Height = height;
            await StartAsync(ct).ConfigureAwait(false);
        }
        var (fill, write) = _gate.Admit(presentationTime);
        if (!write)
        {
            Counters.Dropped();
            return;
        }
        ReadOnlyMemory<byte> filler = _previous ?? rgb24;
        for (long i = 0; i < fill; i++)
        {
            await WriteSlotAsync(filler, _gate.NextSlot - 1 - fill + i, ct).ConfigureAwait(false);
            Counters.Written();
            Counters.Duplicated();
        }
        await WriteSlotAsync(rgb24, _gate.NextSlot - 1, ct).ConfigureAwait(false);
        Counters.Written();
        _previous ??= new byte[rgb24.Length];
        rgb24.CopyTo(_previous);
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_completed) throw new InvalidOperationException("The sink was already completed.");
        if (Width == 0) throw new EdgeAvatarException(ExitCodes.DataError, $"{Description}: no frames were rendered; nothing written.");
        await FinishAsync(ct).ConfigureAwait(false);
        _completed = true;
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>Called once, before the first slot, with <see cref="Width"/>/<see cref="Height"/> set.</summary>
    protected abstract ValueTask StartAsync(CancellationToken ct);

    /// <summary>Writes output slot <paramref name="slot"/> (0-based, consecutive).</summary>
    protected abstract ValueTask WriteSlotAsync(ReadOnlyMemory<byte> rgb24, long slot, CancellationToken ct);

    /// <summary>Flushes and publishes the output (rename into place).</summary>
    protected abstract Task FinishAsync(CancellationToken ct);

    private void CheckFrame(int length, int width, int height)
    {
        if (width <= 0 || height <= 0 || length != width * height * 3)
            throw new ArgumentException($"Frame must be width × height × 3 bytes of rgb24 ({width}x{height}), got {length} bytes.");
        if (Width != 0 && (width != Width || height != Height))
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"{Description}: frame size changed from {Width}x{Height} to {width}x{height} mid-stream.");
    }
}
