using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// A pool of GPU timestamp queries. Record <see cref="CommandList.ResetTimestamps"/> then
/// <see cref="CommandList.WriteTimestamp"/>s; after the submission's fence has signaled, read them here.
/// Ticks are masked to the queue's valid bits and converted with the device's timestamp period.
/// </summary>
public sealed unsafe class TimestampQueries : IDeviceChild
{
    private readonly ComputeDevice _device;
    private readonly ulong _mask;
    private int _disposed;

    internal TimestampQueries(ComputeDevice device, uint count)
    {
        ArgumentOutOfRangeException.ThrowIfZero(count);
        uint bits = device.Info.TimestampValidBits;
        if (bits == 0)
            throw new NotSupportedException($"The compute queue of {device.Info.Name} cannot write timestamps.");
        _device = device;
        _mask = bits >= 64 ? ulong.MaxValue : (1ul << (int)bits) - 1;
        Count = count;
        var info = new VkQueryPoolCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
            queryType = VK_QUERY_TYPE_TIMESTAMP,
            queryCount = count,
        };
        ulong pool;
        Check(device.Vk.vkCreateQueryPool(device.Handle, &info, null, &pool), "vkCreateQueryPool");
        Handle = pool;
        device.Register(this);
    }

    public uint Count { get; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;
    public string Description => $"timestamp queries ({Count})";
    internal ComputeDevice Device => _device;
    internal ulong Handle { get; }

    /// <summary>Raw ticks of every query, masked to the valid bits.</summary>
    /// <exception cref="InvalidOperationException">Some query has not been written (the list was not submitted and waited for).</exception>
    public ulong[] ReadTicks()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var ticks = new ulong[Count];
        fixed (ulong* p = ticks)
        {
            // No WAIT bit: waiting on a query that is never written would hang forever. Callers wait on the fence.
            VkResult r = Check(_device.Vk.vkGetQueryPoolResults(_device.Handle, Handle, 0, Count, (nuint)(Count * sizeof(ulong)), p,
                sizeof(ulong), VK_QUERY_RESULT_64_BIT), "vkGetQueryPoolResults");
            if (r == VkResult.VK_NOT_READY)
            {
                throw new InvalidOperationException(
                    "Timestamps are not available: write all of them in a submitted command list and wait for its fence first.");
            }
        }
        for (int i = 0; i < ticks.Length; i++)
            ticks[i] &= _mask;
        return ticks;
    }

    /// <summary>Each timestamp in milliseconds after timestamp 0 (so element 0 is 0).</summary>
    public double[] ReadMilliseconds()
    {
        ulong[] ticks = ReadTicks();
        return ticks.Select(t => ToMilliseconds(ticks[0], t)).ToArray();
    }

    /// <summary>Milliseconds from timestamp <paramref name="from"/> to timestamp <paramref name="to"/>.</summary>
    public double ElapsedMilliseconds(uint from, uint to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(to, Count);
        ulong[] ticks = ReadTicks();
        return ToMilliseconds(ticks[from], ticks[to]);
    }

    // Subtraction modulo the valid bits handles a counter that wrapped between the two timestamps.
    private double ToMilliseconds(ulong from, ulong to) => ((to - from) & _mask) * _device.Info.TimestampPeriodNs / 1e6;

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _device.Unregister(this);
        _device.Vk.vkDestroyQueryPool(_device.Handle, Handle, null);
    }

    public override string ToString() => Description;
}
