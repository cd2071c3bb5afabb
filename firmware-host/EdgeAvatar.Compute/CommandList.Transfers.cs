using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

public sealed unsafe partial class CommandList
{
    /// <summary>Records a copy of the whole of <paramref name="source"/> to the start of <paramref name="destination"/>.</summary>
    public void CopyBuffer(GpuBuffer source, GpuBuffer destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        CopyBuffer(source, destination, source.SizeBytes);
    }

    /// <summary>Records a copy of <paramref name="sizeBytes"/> bytes between buffers (ranges must not overlap within one buffer).</summary>
    public void CopyBuffer(GpuBuffer source, GpuBuffer destination, long sizeBytes, long sourceOffsetBytes = 0, long destinationOffsetBytes = 0)
    {
        RequireRecording();
        CheckSameDevice(_device, source, nameof(source));
        CheckSameDevice(_device, destination, nameof(destination));
        CheckRange(source, sourceOffsetBytes, sizeBytes, nameof(sourceOffsetBytes));
        CheckRange(destination, destinationOffsetBytes, sizeBytes, nameof(destinationOffsetBytes));
        if (ReferenceEquals(source, destination) && sourceOffsetBytes < destinationOffsetBytes + sizeBytes
            && destinationOffsetBytes < sourceOffsetBytes + sizeBytes)
        {
            throw new ArgumentException("Source and destination ranges overlap.", nameof(destinationOffsetBytes));
        }
        if (sizeBytes == 0)
            return;
        var region = new VkBufferCopy { srcOffset = (ulong)sourceOffsetBytes, dstOffset = (ulong)destinationOffsetBytes, size = (ulong)sizeBytes };
        _device.Vk.vkCmdCopyBuffer(Handle, source.Handle, destination.Handle, 1, &region);
        _referenced.Add(source);
        _referenced.Add(destination);
    }

    /// <summary>Records filling every 32-bit word of <paramref name="buffer"/> with <paramref name="value"/>.</summary>
    public void FillBuffer(GpuBuffer buffer, uint value)
    {
        RequireRecording();
        CheckSameDevice(_device, buffer, nameof(buffer));
        _device.Vk.vkCmdFillBuffer(Handle, buffer.Handle, 0, VK_WHOLE_SIZE, value);
        _referenced.Add(buffer);
    }

    /// <summary>Records a reset of all of <paramref name="queries"/>; required before writing them (each recording).</summary>
    public void ResetTimestamps(TimestampQueries queries)
    {
        RequireRecording();
        CheckQueries(queries);
        _device.Vk.vkCmdResetQueryPool(Handle, queries.Handle, 0, queries.Count);
        _referenced.Add(queries);
    }

    /// <summary>
    /// Records a timestamp write into query <paramref name="index"/>, taken when all earlier commands have completed
    /// (bottom of pipe), so the difference of two timestamps spans the work recorded between them.
    /// </summary>
    public void WriteTimestamp(TimestampQueries queries, uint index)
    {
        RequireRecording();
        CheckQueries(queries);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, queries.Count);
        _device.Vk.vkCmdWriteTimestamp(Handle, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queries.Handle, index);
        _referenced.Add(queries);
    }

    private void CheckQueries(TimestampQueries queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        queries.ThrowIfDisposed();
        if (!ReferenceEquals(queries.Device, _device))
            throw new ArgumentException("The timestamp queries belong to another device.", nameof(queries));
    }

    private static void CheckRange(GpuBuffer buffer, long offset, long size, string paramName)
    {
        if (offset < 0 || size < 0 || offset > buffer.SizeBytes || size > buffer.SizeBytes - offset)
            throw new ArgumentOutOfRangeException(paramName, $"{size} bytes at offset {offset} do not fit in {buffer.Description}.");
    }
}
