using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

public sealed unsafe partial class ComputeDevice
{
    private readonly TransferContext _transfer;

    private long _submissions;

    internal TransferContext Transfer => _transfer;

    /// <summary>
    /// Queue submissions so far, the one-shot transfers of <see cref="GpuBuffer.Upload{T}(ReadOnlySpan{T}, long)"/>
    /// and <see cref="GpuBuffer.Download{T}(Span{T}, long)"/> through staging memory included.
    /// </summary>
    public long Submissions => Interlocked.Read(ref _submissions);

    /// <summary>
    /// Submits a recorded (ended) command list. If the list's previous submission is still running this first waits
    /// for it (a command buffer may be pending only once). The returned fence signals when the work is done; every
    /// write of the list is then visible to the host and to later submissions (see <see cref="CommandList.End"/>).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The list refers to a buffer, kernel or binding set disposed since recording.</exception>
    public Fence Submit(CommandList commandList)
    {
        ArgumentNullException.ThrowIfNull(commandList);
        ThrowIfDisposed();
        if (!ReferenceEquals(commandList.Device, this))
            throw new ArgumentException("The command list belongs to another ComputeDevice.", nameof(commandList));
        commandList.PrepareSubmit();
        var fence = new Fence(this);
        try
        {
            nint cmd = commandList.Handle;
            SubmitRaw(&cmd, fence.Handle);
        }
        catch
        {
            fence.Dispose();
            throw;
        }
        commandList.SetPending(fence);
        return fence;
    }

    /// <summary>Submits a command list and blocks until it has finished.</summary>
    public void SubmitAndWait(CommandList commandList)
    {
        using Fence fence = Submit(commandList);
        fence.Wait();
    }

    /// <summary>vkQueueSubmit of one command buffer; the queue is externally synchronized, hence the lock.</summary>
    internal void SubmitRaw(nint* commandBuffer, ulong fence)
    {
        var submit = new VkSubmitInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_SUBMIT_INFO,
            commandBufferCount = 1,
            pCommandBuffers = commandBuffer,
        };
        lock (_queueLock)
        {
            ThrowIfDisposed();
            Check(Vk.vkQueueSubmit(Queue, 1, &submit, fence), "vkQueueSubmit");
        }
        Interlocked.Increment(ref _submissions);
    }
}
