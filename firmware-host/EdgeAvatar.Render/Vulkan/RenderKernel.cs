using EdgeAvatar.Compute;
using EdgeAvatar.Kernels;
using EdgeAvatar.Shaders;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// One per-point shader (shaders/render/, or a caller's own module such as the trainer's backward glue: all storage-buffer bindings, a push block that starts with
/// <c>uint n; uint first;</c>, workgroup 64): owns the pipeline and caches a binding set per exact buffer tuple so
/// recording with the same buffers every frame allocates no descriptors. Splits N into dispatches like the shared
/// kernels do (<see cref="PointRange"/>). Not thread-safe.
/// The push range is the size of <typeparamref name="TPush"/>, the one block the kernel records with, so a field
/// added to the block cannot leave the pipeline layout a size behind it.
/// </summary>
public sealed class RenderKernel<TPush> : IDisposable where TPush : unmanaged, IRangePush<TPush>
{
    private readonly Kernel _kernel;
    private readonly Dictionary<BufferTuple, BindingSet> _sets = new();

    /// <summary>A kernel from the device's forward shaders (<see cref="ShaderLibrary"/>).</summary>
    public RenderKernel(ComputeDevice device, string shader, int bindings, params SpecializationConstant[] specialization)
        : this(device, ShaderLibrary.Load(shader), shader, bindings, specialization)
    {
    }

    /// <summary>A kernel from caller-supplied SPIR-V (<paramref name="name"/> labels it in errors and tools).</summary>
    public RenderKernel(ComputeDevice device, byte[] spirv, string name, int bindings, params SpecializationConstant[] specialization)
    {
        ArgumentNullException.ThrowIfNull(device);
        var layout = new KernelLayout(Enumerable.Repeat(BindingKind.StorageBuffer, bindings).ToArray(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<TPush>(), specialization, name: name);
        _kernel = device.CreateKernel(spirv, layout);
    }

    /// <summary>
    /// Records the dispatches covering N points with <paramref name="push"/> (its n/first are set per dispatch).
    /// N = 0 records nothing. The caller puts barriers between this and its producers/consumers.
    /// </summary>
    public void Record(CommandList list, int n, TPush push, params GpuBuffer[] buffers)
    {
        if (n <= 0)
            return;
        var key = new BufferTuple(buffers);
        if (!_sets.TryGetValue(key, out BindingSet? set))
        {
            set = _kernel.Bind(buffers);
            _sets.Add(key, set);
        }
        foreach (var (range, groups) in PointRange.Split(n))
        {
            // Dispatches of one call write disjoint ranges, but hazard tracking sees whole bound buffers.
            if (range.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, 1, 1, push.WithRange(range.N, range.First));
        }
    }

    /// <summary>Drops every cached binding set (call before disposing buffers they point at).</summary>
    public void ClearBindings()
    {
        foreach (BindingSet set in _sets.Values)
            set.Dispose();
        _sets.Clear();
    }

    public void Dispose()
    {
        ClearBindings();
        _kernel.Dispose();
    }

    /// <summary>Reference identity of an ordered buffer list.</summary>
    private sealed class BufferTuple(GpuBuffer[] buffers) : IEquatable<BufferTuple>
    {
        private readonly GpuBuffer[] _buffers = (GpuBuffer[])buffers.Clone();

        public bool Equals(BufferTuple? other)
            => other is not null && other._buffers.Length == _buffers.Length
               && _buffers.Zip(other._buffers).All(p => ReferenceEquals(p.First, p.Second));

        public override bool Equals(object? obj) => Equals(obj as BufferTuple);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (GpuBuffer b in _buffers)
                hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(b));
            return hash.ToHashCode();
        }
    }
}
