using EdgeAvatar.Compute;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// A device buffer the host writes before a frame or reads after it, moved inside the frame's own command list: where
/// the buffer's memory is host-mapped (lavapipe, integrated GPUs) the host touches it in place; otherwise (a discrete
/// GPU) through a persistent mapped <see cref="BufferUsage.Staging"/> twin and a copy recorded at the start (uploads)
/// or the end (read-backs) of the frame — not <see cref="GpuBuffer.Upload{T}(ReadOnlySpan{T}, long)"/>'s one-shot
/// staging submission, so a frame stays one queue submission. Not thread-safe.
/// </summary>
internal sealed class FrameTransfer : IDisposable
{
    private readonly GpuBuffer? _staging;
    private long _pending;

    public FrameTransfer(ComputeDevice device, GpuBuffer target)
    {
        Target = target;
        if (!target.IsHostMapped)
            _staging = device.CreateBuffer(target.SizeBytes, BufferUsage.Staging, target.Name + ".staging");
    }

    public GpuBuffer Target { get; }

    private GpuBuffer Host => _staging ?? Target;

    /// <summary>Writes <paramref name="data"/> for the next frame (recorded by <see cref="RecordUpload"/>).</summary>
    public void Write<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        Host.Upload(data);
        _pending = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data).Length;
    }

    /// <summary>Records the copy of what <see cref="Write{T}"/> wrote (nothing when mapped); then a barrier is needed.</summary>
    public bool RecordUpload(CommandList list)
    {
        if (_staging is null || _pending == 0)
            return false;
        list.CopyBuffer(_staging, Target, _pending);
        _pending = 0;
        return true;
    }

    /// <summary>Records the copy of the target's first <paramref name="bytes"/> to the host (after a barrier).</summary>
    public void RecordReadBack(CommandList list, long bytes)
    {
        if (_staging is not null)
            list.CopyBuffer(Target, _staging, bytes);
    }

    /// <summary>After the frame's fence: reads what <see cref="RecordReadBack"/> copied.</summary>
    public void Read<T>(Span<T> destination) where T : unmanaged => Host.Download(destination);

    public void Dispose() => _staging?.Dispose();
}
