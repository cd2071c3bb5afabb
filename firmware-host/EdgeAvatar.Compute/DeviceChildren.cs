namespace EdgeAvatar.Compute;

/// <summary>
/// The live children of one owner (a device's buffers and kernels, a kernel's binding sets), in creation order.
/// Thread-safe. Invariant: a child is registered from the end of its construction until the start of its Dispose.
/// </summary>
internal sealed class DeviceChildren
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IDeviceChild, long> _children = new(ReferenceEqualityComparer.Instance);
    private long _sequence;

    internal int Count
    {
        get
        {
            lock (_lock)
                return _children.Count;
        }
    }

    internal void Add(IDeviceChild child)
    {
        lock (_lock)
            _children.Add(child, _sequence++);
    }

    internal void Remove(IDeviceChild child)
    {
        lock (_lock)
            _children.Remove(child);
    }

    /// <summary>Disposes every live child, newest first (so binding sets go before the buffers they point at).</summary>
    internal void DisposeAll()
    {
        IDeviceChild[] snapshot;
        lock (_lock)
            snapshot = _children.OrderByDescending(c => c.Value).Select(c => c.Key).ToArray();
        foreach (IDeviceChild child in snapshot)
            child.Dispose();
    }
}
