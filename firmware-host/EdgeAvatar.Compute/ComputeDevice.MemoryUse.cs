namespace EdgeAvatar.Compute;

public sealed partial class ComputeDevice
{
    private long _allocatedBytes, _peakAllocatedBytes;

    /// <summary>
    /// Bytes of VkDeviceMemory this device's buffers hold now (device-local and staging; each buffer has its own
    /// allocation, so this is the sum of their memory requirements). Driver-internal memory (pipelines, descriptor
    /// pools, command pools) is not included.
    /// </summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>The most <see cref="AllocatedBytes"/> has been since the device was created.</summary>
    public long PeakAllocatedBytes => Interlocked.Read(ref _peakAllocatedBytes);

    /// <summary>Called by <see cref="BufferAllocation"/> after vkAllocateMemory (+) and vkFreeMemory (−).</summary>
    internal void TrackAllocation(long deltaBytes)
    {
        long now = Interlocked.Add(ref _allocatedBytes, deltaBytes);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakAllocatedBytes))
            && Interlocked.CompareExchange(ref _peakAllocatedBytes, now, peak) != peak)
        {
        }
    }
}
