using EdgeAvatar.Compute;

namespace EdgeAvatar.Kernels;

/// <summary>
/// Binding sets of one kernel keyed by the exact buffers bound, so a kernel recorded every frame with the same
/// buffers reuses its descriptor set (the forward kernels here and the trainer's backward kernels use it). Sets live
/// until the cache is disposed; buffers must outlive their use.
/// </summary>
public sealed class BindingCache(Kernel kernel) : IDisposable
{
    private readonly Dictionary<BufferKey, BindingSet> _sets = new();

    public BindingSet Get(params GpuBuffer[] buffers)
    {
        var key = new BufferKey(buffers);
        if (!_sets.TryGetValue(key, out BindingSet? set))
        {
            set = kernel.Bind(buffers);
            _sets.Add(key, set);
        }
        return set;
    }

    /// <summary>Disposes every cached set; the cache stays usable (the next <see cref="Get"/> binds afresh).</summary>
    public void Clear()
    {
        foreach (BindingSet set in _sets.Values)
            set.Dispose();
        _sets.Clear();
    }

    public void Dispose() => Clear();

    /// <summary>Reference identity of an ordered buffer list.</summary>
    private sealed class BufferKey(GpuBuffer[] buffers) : IEquatable<BufferKey>
    {
        private readonly GpuBuffer[] _buffers = (GpuBuffer[])buffers.Clone();

        public bool Equals(BufferKey? other)
        {
            if (other is null || other._buffers.Length != _buffers.Length)
                return false;
            for (int i = 0; i < _buffers.Length; i++)
                if (!ReferenceEquals(_buffers[i], other._buffers[i]))
                    return false;
            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as BufferKey);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (GpuBuffer b in _buffers)
                hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(b));
            return hash.ToHashCode();
        }
    }
}
