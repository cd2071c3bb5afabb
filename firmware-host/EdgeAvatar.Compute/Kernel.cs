using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// A compute pipeline built from SPIR-V and a <see cref="KernelLayout"/>: one descriptor set layout (set 0), one
/// push-constant range at offset 0, specialization constants applied at creation. Note that lavapipe compiles the
/// shader at its first dispatch, not here, so the first submission that uses a kernel can be slow.
/// </summary>
public sealed unsafe class Kernel : IDeviceChild
{
    private const uint SpirvMagic = 0x07230203;

    private readonly ComputeDevice _device;
    private readonly DescriptorAllocator _descriptors;
    private readonly DeviceChildren _bindingSets = new();
    private int _disposed;

    internal Kernel(ComputeDevice device, ReadOnlySpan<byte> spirv, KernelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _device = device;
        Layout = layout;
        ValidateSpirv(spirv);
        if (layout.PushConstantBytes > device.Info.MaxPushConstantsSize)
        {
            throw new ArgumentException(
                $"{Description} declares {layout.PushConstantBytes} bytes of push constants; this device allows {device.Info.MaxPushConstantsSize}.",
                nameof(layout));
        }
        DeviceCommands vk = device.Vk;
        nint d = device.Handle;
        ulong module = 0;
        try
        {
            module = CreateShaderModule(vk, d, spirv);
            SetLayout = CreateSetLayout(vk, d, layout);
            PipelineLayout = CreatePipelineLayout(vk, d, SetLayout, layout);
            Pipeline = CreatePipeline(vk, d, module, PipelineLayout, layout);
        }
        catch
        {
            DestroyHandles();
            throw;
        }
        finally
        {
            // The pipeline keeps what it needs; the module may go as soon as the pipeline exists.
            if (module != 0)
                vk.vkDestroyShaderModule(d, module, null);
        }
        _descriptors = new DescriptorAllocator(device, SetLayout, layout.Bindings);
        device.Register(this);
    }

    public KernelLayout Layout { get; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;
    public string Description => $"kernel '{Layout.Name ?? "unnamed"}'";
    internal ComputeDevice Device => _device;
    internal ulong SetLayout { get; private set; }
    internal ulong PipelineLayout { get; private set; }
    internal ulong Pipeline { get; private set; }

    /// <summary>
    /// A descriptor set pointing binding i at <paramref name="buffers"/>[i]. Each buffer's usage must match its
    /// binding kind, and its size must fit the device's binding range limit (whole buffers are bound).
    /// </summary>
    public BindingSet Bind(params GpuBuffer[] buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ThrowIfDisposed();
        if (buffers.Length != Layout.Bindings.Count)
            throw new ArgumentException($"{Description} has {Layout.Bindings.Count} bindings but {buffers.Length} buffers were given.", nameof(buffers));
        for (int i = 0; i < buffers.Length; i++)
            CheckBindable(i, buffers[i]);
        return new BindingSet(this, _descriptors, buffers);
    }

    internal void AddBindingSet(BindingSet set) => _bindingSets.Add(set);

    internal void RemoveBindingSet(BindingSet set) => _bindingSets.Remove(set);

    private void CheckBindable(int binding, GpuBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer, $"buffers[{binding}]");
        buffer.ThrowIfDisposed();
        if (!ReferenceEquals(buffer.Device, _device))
            throw new ArgumentException($"Binding {binding} of {Description}: {buffer.Description} belongs to another device.");
        BindingKind kind = Layout.Bindings[binding];
        BufferUsage needed = kind == BindingKind.UniformBuffer ? BufferUsage.Uniform : BufferUsage.Storage;
        if (buffer.Usage != needed)
            throw new ArgumentException($"Binding {binding} of {Description} is a {kind} but {buffer.Description} was created for {buffer.Usage}.");
        uint limit = kind == BindingKind.UniformBuffer ? _device.Info.MaxUniformBufferRange : _device.Info.MaxStorageBufferRange;
        if (buffer.AllocatedSize > limit)
            throw new ArgumentException($"Binding {binding} of {Description}: {buffer.Description} exceeds the device's {kind} range of {limit} bytes.");
    }

    private static void ValidateSpirv(ReadOnlySpan<byte> spirv)
    {
        if (spirv.Length < 20 || spirv.Length % 4 != 0)
            throw new ArgumentException($"SPIR-V must be a whole number of 32-bit words with a 5-word header; got {spirv.Length} bytes.", nameof(spirv));
        if (BinaryPrimitives.ReadUInt32LittleEndian(spirv) != SpirvMagic)
            throw new ArgumentException("The bytes are not SPIR-V (bad magic number).", nameof(spirv));
    }

    private ulong CreateShaderModule(DeviceCommands vk, nint d, ReadOnlySpan<byte> spirv)
    {
        // pCode must be 4-byte aligned; a byte span need not be, so copy into a uint array.
        uint[] words = MemoryMarshal.Cast<byte, uint>(spirv).ToArray();
        fixed (uint* code = words)
        {
            var info = new VkShaderModuleCreateInfo
            {
                sType = VkStructureType.VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
                codeSize = (nuint)spirv.Length,
                pCode = code,
            };
            ulong module;
            Check(vk.vkCreateShaderModule(d, &info, null, &module), "vkCreateShaderModule", Description);
            return module;
        }
    }

    private ulong CreateSetLayout(DeviceCommands vk, nint d, KernelLayout layout)
    {
        var bindings = new VkDescriptorSetLayoutBinding[layout.Bindings.Count];
        for (int i = 0; i < bindings.Length; i++)
        {
            bindings[i] = new VkDescriptorSetLayoutBinding
            {
                binding = (uint)i,
                descriptorType = DescriptorAllocator.DescriptorType(layout.Bindings[i]),
                descriptorCount = 1,
                stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
            };
        }
        fixed (VkDescriptorSetLayoutBinding* pBindings = bindings)
        {
            var info = new VkDescriptorSetLayoutCreateInfo
            {
                sType = VkStructureType.VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
                bindingCount = (uint)bindings.Length,
                pBindings = bindings.Length == 0 ? null : pBindings,
            };
            ulong setLayout;
            Check(vk.vkCreateDescriptorSetLayout(d, &info, null, &setLayout), "vkCreateDescriptorSetLayout", Description);
            return setLayout;
        }
    }

    private ulong CreatePipelineLayout(DeviceCommands vk, nint d, ulong setLayout, KernelLayout layout)
    {
        var range = new VkPushConstantRange { stageFlags = VK_SHADER_STAGE_COMPUTE_BIT, offset = 0, size = (uint)layout.PushConstantBytes };
        var info = new VkPipelineLayoutCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
            setLayoutCount = 1,
            pSetLayouts = &setLayout,
            pushConstantRangeCount = layout.PushConstantBytes > 0 ? 1u : 0u,
            pPushConstantRanges = layout.PushConstantBytes > 0 ? &range : null,
        };
        ulong pipelineLayout;
        Check(vk.vkCreatePipelineLayout(d, &info, null, &pipelineLayout), "vkCreatePipelineLayout", Description);
        return pipelineLayout;
    }

    private ulong CreatePipeline(DeviceCommands vk, nint d, ulong module, ulong pipelineLayout, KernelLayout layout)
    {
        int count = layout.Specialization.Count;
        var entries = new VkSpecializationMapEntry[count];
        var data = new uint[Math.Max(count, 1)];
        for (int i = 0; i < count; i++)
        {
            entries[i] = new VkSpecializationMapEntry { constantID = layout.Specialization[i].Id, offset = (uint)(i * 4), size = 4 };
            data[i] = layout.Specialization[i].Bits;
        }
        using var strings = new NativeStrings();
        fixed (VkSpecializationMapEntry* pEntries = entries)
        fixed (uint* pData = data)
        {
            var specialization = new VkSpecializationInfo
            {
                mapEntryCount = (uint)count,
                pMapEntries = pEntries,
                dataSize = (nuint)(count * 4),
                pData = pData,
            };
            var info = new VkComputePipelineCreateInfo
            {
                sType = VkStructureType.VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
                stage = new VkPipelineShaderStageCreateInfo
                {
                    sType = VkStructureType.VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                    stage = VK_SHADER_STAGE_COMPUTE_BIT,
                    module = module,
                    pName = strings.Add(layout.EntryPoint),
                    pSpecializationInfo = count > 0 ? &specialization : null,
                },
                layout = pipelineLayout,
                basePipelineIndex = -1,
            };
            ulong pipeline;
            Check(vk.vkCreateComputePipelines(d, 0, 1, &info, null, &pipeline), "vkCreateComputePipelines", Description);
            return pipeline;
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>Disposes the kernel's binding sets too. Must not be called while a submission using it is running.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _device.Unregister(this);
        _bindingSets.DisposeAll();
        _descriptors.Dispose();
        DestroyHandles();
    }

    private void DestroyHandles()
    {
        DeviceCommands vk = _device.Vk;
        nint d = _device.Handle;
        if (Pipeline != 0)
            vk.vkDestroyPipeline(d, Pipeline, null);
        if (PipelineLayout != 0)
            vk.vkDestroyPipelineLayout(d, PipelineLayout, null);
        if (SetLayout != 0)
            vk.vkDestroyDescriptorSetLayout(d, SetLayout, null);
        Pipeline = PipelineLayout = SetLayout = 0;
    }

    public override string ToString() => Description;
}
