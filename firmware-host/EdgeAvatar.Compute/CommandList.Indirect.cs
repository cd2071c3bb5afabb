using System.Runtime.InteropServices;
using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

public sealed unsafe partial class CommandList
{
    /// <summary>Bytes of one VkDispatchIndirectCommand (uint x, y, z).</summary>
    public const int DispatchIndirectBytes = 12;

    /// <summary>
    /// Records a dispatch whose workgroup counts (uint x, y, z) a kernel wrote into <paramref name="arguments"/> at
    /// <paramref name="offsetBytes"/> earlier on the device, so a frame can size its work without a host read-back.
    /// The counts must not exceed <see cref="DeviceInfo.MaxComputeWorkGroupCount"/> (0 dispatches nothing). Barriers
    /// around it make earlier writes of the arguments visible to the indirect read, and order later writes of them
    /// after it; the kernel's own buffers still need <see cref="ComputeBarrier"/> as with <see cref="Dispatch"/>.
    /// </summary>
    /// <param name="pushConstants">Exactly <see cref="KernelLayout.PushConstantBytes"/> bytes (empty when it is 0).</param>
    public void DispatchIndirect(Kernel kernel, BindingSet bindings, GpuBuffer arguments, long offsetBytes,
        ReadOnlySpan<byte> pushConstants = default)
    {
        CheckKernel(kernel, bindings, pushConstants);
        CheckSameDevice(_device, arguments, nameof(arguments));
        if (arguments.Usage != BufferUsage.Storage)
            throw new ArgumentException($"{arguments.Description} is not a storage buffer; indirect arguments need one.", nameof(arguments));
        if (offsetBytes < 0 || offsetBytes % 4 != 0 || offsetBytes > arguments.SizeBytes - DispatchIndirectBytes)
            throw new ArgumentOutOfRangeException(nameof(offsetBytes),
                $"indirect arguments at byte {offsetBytes} must be 4-byte aligned and fit in {arguments.Description}.");
        DeviceCommands vk = _device.Vk;
        // Kernel/transfer writes of the arguments → the indirect-command read (ComputeBarrier does not cover it).
        var before = new VkMemoryBarrier
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_MEMORY_BARRIER,
            srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
            dstAccessMask = VK_ACCESS_INDIRECT_COMMAND_READ_BIT,
        };
        vk.vkCmdPipelineBarrier(Handle, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
            VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT, 0, 1, &before, 0, null, 0, null);
        Bind(kernel, bindings, pushConstants);
        vk.vkCmdDispatchIndirect(Handle, arguments.Handle, (ulong)offsetBytes);
        // The indirect read → any later write of the arguments (a write-after-read execution dependency).
        vk.vkCmdPipelineBarrier(Handle, VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, null, 0, null, 0, null);
        _referenced.Add(arguments);
    }

    /// <summary>Records an indirect dispatch with a push-constant struct; sizeof(<typeparamref name="TPush"/>) must equal the layout's size.</summary>
    public void DispatchIndirect<TPush>(Kernel kernel, BindingSet bindings, GpuBuffer arguments, long offsetBytes, in TPush push)
        where TPush : unmanaged
        => DispatchIndirect(kernel, bindings, arguments, offsetBytes, MemoryMarshal.AsBytes(new ReadOnlySpan<TPush>(in push)));
}
