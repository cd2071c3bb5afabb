using System.Runtime.InteropServices;
using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// A reusable primary command buffer: Begin, record dispatches/barriers/copies/timestamps, End; then submit it as
/// often as needed with <see cref="ComputeDevice.Submit"/>. Begin again to re-record (it waits for a pending
/// submission first). Commands run in order but may overlap unless separated by <see cref="ComputeBarrier"/>.
/// Not thread-safe: record from one thread at a time. It has its own command pool, so lists on different threads
/// do not contend.
/// </summary>
public sealed unsafe partial class CommandList : IDeviceChild
{
    private enum State { Initial, Recording, Executable }

    private readonly ComputeDevice _device;
    private readonly ulong _pool;
    // Everything the recorded commands refer to, checked for liveness at each submit.
    private readonly HashSet<IDeviceChild> _referenced = new(ReferenceEqualityComparer.Instance);
    private readonly List<BindingSet> _bindingSets = [];
    private State _state;
    private Fence? _pending;
    private int _disposed;

    internal CommandList(ComputeDevice device)
    {
        _device = device;
        DeviceCommands vk = device.Vk;
        var poolInfo = new VkCommandPoolCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
            flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
            queueFamilyIndex = device.QueueFamily,
        };
        ulong pool;
        Check(vk.vkCreateCommandPool(device.Handle, &poolInfo, null, &pool), "vkCreateCommandPool");
        _pool = pool;
        var allocInfo = new VkCommandBufferAllocateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
            commandPool = pool,
            level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
            commandBufferCount = 1,
        };
        nint cmd;
        VkResult r = vk.vkAllocateCommandBuffers(device.Handle, &allocInfo, &cmd);
        if (r < 0)
        {
            vk.vkDestroyCommandPool(device.Handle, pool, null);
            Check(r, "vkAllocateCommandBuffers");
        }
        Handle = cmd;
        device.Register(this);
    }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;
    public string Description => "command list";
    /// <summary>True between <see cref="Begin"/> and <see cref="End"/>.</summary>
    public bool IsRecording => _state == State.Recording;
    internal ComputeDevice Device => _device;
    internal nint Handle { get; }

    /// <summary>Starts (re-)recording, discarding previous commands. Waits for a pending submission of this list first.</summary>
    public void Begin()
    {
        ThrowIfDisposed();
        if (_state == State.Recording)
            throw new InvalidOperationException("The command list is already recording; call End first.");
        WaitPending();
        _referenced.Clear();
        _bindingSets.Clear();
        var info = new VkCommandBufferBeginInfo { sType = VkStructureType.VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO };
        // Reusable: no ONE_TIME_SUBMIT. Not SIMULTANEOUS_USE: Submit waits for the previous run instead.
        Check(_device.Vk.vkBeginCommandBuffer(Handle, &info), "vkBeginCommandBuffer");
        _state = State.Recording;
    }

    /// <summary>
    /// Ends recording. A final barrier makes every write of the list visible to the host (after the fence wait) and
    /// to every later submission, so callers never need a barrier between command lists, only within one.
    /// </summary>
    public void End()
    {
        RequireRecording();
        Barriers.Full(_device.Vk, Handle, toHost: true);
        Check(_device.Vk.vkEndCommandBuffer(Handle), "vkEndCommandBuffer");
        _state = State.Executable;
    }

    /// <summary>Records a dispatch of <paramref name="kernel"/> over a grid of workgroups with raw push-constant bytes.</summary>
    /// <param name="pushConstants">Exactly <see cref="KernelLayout.PushConstantBytes"/> bytes (empty when it is 0).</param>
    public void Dispatch(Kernel kernel, BindingSet bindings, uint groupsX, uint groupsY = 1, uint groupsZ = 1,
        ReadOnlySpan<byte> pushConstants = default)
    {
        CheckKernel(kernel, bindings, pushConstants);
        IReadOnlyList<uint> max = _device.Info.MaxComputeWorkGroupCount;
        if (groupsX > max[0] || groupsY > max[1] || groupsZ > max[2])
        {
            throw new ArgumentOutOfRangeException(nameof(groupsX),
                $"Dispatch of {groupsX}x{groupsY}x{groupsZ} groups exceeds the device limit {max[0]}x{max[1]}x{max[2]}.");
        }
        Bind(kernel, bindings, pushConstants);
        _device.Vk.vkCmdDispatch(Handle, groupsX, groupsY, groupsZ);
    }

    /// <summary>The checks every dispatch makes of its kernel, bindings and push constants before recording.</summary>
    private void CheckKernel(Kernel kernel, BindingSet bindings, ReadOnlySpan<byte> pushConstants)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(bindings);
        RequireRecording();
        kernel.ThrowIfDisposed();
        ObjectDisposedException.ThrowIf(bindings.IsDisposed, bindings);
        if (!ReferenceEquals(kernel.Device, _device))
            throw new ArgumentException($"{kernel.Description} belongs to another device.", nameof(kernel));
        if (!ReferenceEquals(bindings.Kernel, kernel))
            throw new ArgumentException($"The {bindings.Description} cannot be used with {kernel.Description}.", nameof(bindings));
        if (pushConstants.Length != kernel.Layout.PushConstantBytes)
        {
            throw new ArgumentException(
                $"{kernel.Description} takes {kernel.Layout.PushConstantBytes} bytes of push constants; {pushConstants.Length} were given.",
                nameof(pushConstants));
        }
    }

    /// <summary>
    /// Records the kernel's pipeline, its descriptor set and push constants, and keeps both alive until the list's
    /// work is done. Invariant: called only after <see cref="CheckKernel"/> passed for the same arguments.
    /// </summary>
    private void Bind(Kernel kernel, BindingSet bindings, ReadOnlySpan<byte> pushConstants)
    {
        DeviceCommands vk = _device.Vk;
        vk.vkCmdBindPipeline(Handle, VK_PIPELINE_BIND_POINT_COMPUTE, kernel.Pipeline);
        ulong set = bindings.Handle;
        vk.vkCmdBindDescriptorSets(Handle, VK_PIPELINE_BIND_POINT_COMPUTE, kernel.PipelineLayout, 0, 1, &set, 0, null);
        if (!pushConstants.IsEmpty)
        {
            fixed (byte* p = pushConstants)
            {
                vk.vkCmdPushConstants(Handle, kernel.PipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, (uint)pushConstants.Length, p);
            }
        }
        _referenced.Add(kernel);
        _bindingSets.Add(bindings);
    }

    /// <summary>Records a dispatch with a push-constant struct; sizeof(<typeparamref name="TPush"/>) must equal the layout's size.</summary>
    public void Dispatch<TPush>(Kernel kernel, BindingSet bindings, uint groupsX, uint groupsY, uint groupsZ, in TPush push)
        where TPush : unmanaged
        => Dispatch(kernel, bindings, groupsX, groupsY, groupsZ,
            MemoryMarshal.AsBytes(new ReadOnlySpan<TPush>(in push)));

    /// <summary>Records a 1-D dispatch with a push-constant struct.</summary>
    public void Dispatch<TPush>(Kernel kernel, BindingSet bindings, uint groupsX, in TPush push) where TPush : unmanaged
        => Dispatch(kernel, bindings, groupsX, 1, 1, in push);

    /// <summary>
    /// Orders everything recorded before against everything after: compute and transfer writes become visible to
    /// later compute/transfer reads and writes (RAW, WAW), and later writes wait for earlier reads (WAR).
    /// Needed between two dispatches when the second touches what the first wrote.
    /// </summary>
    public void ComputeBarrier()
    {
        RequireRecording();
        Barriers.Full(_device.Vk, Handle, toHost: false);
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    private void RequireRecording()
    {
        ThrowIfDisposed();
        if (_state != State.Recording)
            throw new InvalidOperationException("The command list is not recording; call Begin first.");
    }

    private static void CheckSameDevice(ComputeDevice device, GpuBuffer buffer, string paramName)
    {
        ArgumentNullException.ThrowIfNull(buffer, paramName);
        buffer.ThrowIfDisposed();
        if (!ReferenceEquals(buffer.Device, device))
            throw new ArgumentException($"{buffer.Description} belongs to another device.", paramName);
    }

    private void WaitPending()
    {
        if (_pending is { } fence)
        {
            fence.Wait();
            _pending = null;
        }
    }

    /// <summary>Called by Submit: the list must be ended and everything it uses alive; waits for the previous run.</summary>
    internal void PrepareSubmit()
    {
        ThrowIfDisposed();
        if (_state != State.Executable)
            throw new InvalidOperationException(_state == State.Recording
                ? "The command list is still recording; call End before submitting."
                : "The command list has not been recorded; call Begin, record, End.");
        IDeviceChild? gone = _referenced.FirstOrDefault(c => c.IsDisposed)
            ?? _bindingSets.Select(s => s.FirstDisposed()).FirstOrDefault(c => c is not null);
        if (gone is not null)
            throw new ObjectDisposedException(gone.Description, $"The {gone.Description} was disposed after being recorded into this command list; re-record it.");
        WaitPending();
    }

    internal void SetPending(Fence fence) => _pending = fence;

    /// <summary>Waits for a pending submission, then frees the command buffer and its pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _device.Unregister(this);
        try
        {
            WaitPending();
        }
        catch (VulkanException)
        {
            // Device lost: the pool must still be destroyed.
        }
        _device.Vk.vkDestroyCommandPool(_device.Handle, _pool, null);
    }

    public override string ToString() => Description;
}
