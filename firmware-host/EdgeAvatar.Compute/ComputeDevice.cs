using EdgeAvatar.Common;
using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// One Vulkan device with one compute queue: the factory for buffers, kernels, command lists and timestamp queries,
/// and the place work is submitted. Thread-safety: creating objects, <see cref="Submit"/> and buffer uploads/downloads
/// may be called from any thread; a single <see cref="CommandList"/> must be recorded by one thread at a time.
/// Disposing the device waits for the GPU, then disposes every child still alive (newest first), then the device.
/// </summary>
public sealed unsafe partial class ComputeDevice : IDisposable
{
    private readonly VulkanInstance _instance;
    private readonly PhysicalDevice _physical;
    private readonly ValidationMessageSink? _sink;
    private readonly DeviceChildren _children = new();
    private readonly Lock _queueLock = new();
    private int _disposed;

    private ComputeDevice(VulkanInstance instance, PhysicalDevice physical, ValidationMessageSink? sink, nint device,
        DeviceCommands commands, nint queue, bool forceStaging)
    {
        _instance = instance;
        _physical = physical;
        _sink = sink;
        Handle = device;
        Vk = commands;
        Queue = queue;
        Memory = new MemoryTypes(physical, forceStaging);
        _transfer = new TransferContext(this);
    }

    /// <summary>What the selected device is and offers.</summary>
    public DeviceInfo Info => _physical.Info;

    /// <summary>True when validation layers are on for this device.</summary>
    public bool ValidationEnabled { get; private init; }

    /// <summary>Number of validation messages delivered so far (0 when validation is off).</summary>
    public int ValidationMessageCount => _sink?.Count ?? 0;

    /// <summary>Number of live buffers, kernels, command lists, fences and timestamp pools (for leak checks in tests).</summary>
    public int LiveObjectCount => _children.Count;

    internal nint Handle { get; }
    internal DeviceCommands Vk { get; }
    internal nint Queue { get; }
    internal uint QueueFamily => _physical.QueueFamily;
    internal MemoryTypes Memory { get; }
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Lists every Vulkan device the loader reports (including unsupported ones, marked so).</summary>
    /// <exception cref="VulkanUnavailableException">No Vulkan loader or driver.</exception>
    public static IReadOnlyList<DeviceInfo> EnumerateDevices() => EnumerateDevices(null);

    internal static IReadOnlyList<DeviceInfo> EnumerateDevices(string? libraryName)
    {
        using VulkanInstance instance = VulkanInstance.Create(libraryName, validation: false, syncValidation: false, sink: null);
        return instance.EnumeratePhysicalDevices().Select((h, i) => PhysicalDevice.Query(instance, h, i).Info).ToArray();
    }

    /// <summary>Creates the device chosen by <paramref name="options"/> (see <see cref="ComputeDeviceOptions.DeviceSelector"/>).</summary>
    /// <exception cref="VulkanUnavailableException">No Vulkan loader, driver or suitable device.</exception>
    /// <exception cref="ValidationLayerMissingException">Validation requested but the layer is not installed.</exception>
    /// <exception cref="EdgeAvatarException">The selector matches no device (exit code Config).</exception>
    public static ComputeDevice Create(ComputeDeviceOptions? options = null)
    {
        options ??= new ComputeDeviceOptions();
        bool validation = options.EnableValidation || options.SynchronizationValidation;
        ValidationMessageSink? sink = validation ? new ValidationMessageSink(options.ValidationMessage) : null;
        VulkanInstance instance = VulkanInstance.Create(options.LibraryName, validation, options.SynchronizationValidation, sink,
            options.ExtraInstanceExtensions, options.ValidationLayerName);
        try
        {
            PhysicalDevice[] candidates = instance.EnumeratePhysicalDevices()
                .Select((h, i) => PhysicalDevice.Query(instance, h, i)).ToArray();
            string? selector = options.DeviceSelector ?? Environment.GetEnvironmentVariable(ComputeDeviceOptions.DeviceSelectorEnvironmentVariable);
            PhysicalDevice chosen = DeviceSelection.Choose(candidates, string.IsNullOrWhiteSpace(selector) ? null : selector.Trim());
            (nint device, DeviceCommands commands, nint queue) = CreateLogicalDevice(instance, chosen);
            return new ComputeDevice(instance, chosen, sink, device, commands, queue, options.ForceStagingBuffers)
            {
                ValidationEnabled = validation,
            };
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    private static (nint Device, DeviceCommands Commands, nint Queue) CreateLogicalDevice(VulkanInstance instance, PhysicalDevice physical)
    {
        float priority = 1.0f;
        var queueInfo = new VkDeviceQueueCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
            queueFamilyIndex = physical.QueueFamily,
            queueCount = 1,
            pQueuePriorities = &priority,
        };
        // Enable exactly the optional features kernels may use, and only where supported (enabling an unsupported
        // feature fails device creation). robustBufferAccess etc. stay off: they cost speed and hide bugs.
        var core = new VkPhysicalDeviceFeatures
        {
            shaderInt16 = physical.CoreFeatures.shaderInt16,
            shaderInt64 = physical.CoreFeatures.shaderInt64,
            shaderFloat64 = physical.CoreFeatures.shaderFloat64,
        };
        VkPhysicalDevice16BitStorageFeatures storage16 = physical.Storage16;
        VkPhysicalDeviceShaderFloat16Int8Features float16 = physical.Float16Int8;
        VkPhysicalDeviceShaderAtomicFloatFeaturesEXT atomicFloat = physical.AtomicFloat;
        storage16.pNext = &float16;
        float16.pNext = physical.HasAtomicFloatExtension ? &atomicFloat : null;
        atomicFloat.pNext = null;
        var features = new VkPhysicalDeviceFeatures2
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2,
            pNext = &storage16,
            features = core,
        };
        using var strings = new NativeStrings();
        var extensions = new List<string>();
        if (physical.HasAtomicFloatExtension)
            extensions.Add(PhysicalDevice.AtomicFloatExtension);
        var info = new VkDeviceCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
            pNext = &features,
            queueCreateInfoCount = 1,
            pQueueCreateInfos = &queueInfo,
            enabledExtensionCount = (uint)extensions.Count,
            ppEnabledExtensionNames = strings.AddArray(extensions),
        };
        nint device;
        Check(instance.Commands.vkCreateDevice(physical.Handle, &info, null, &device), "vkCreateDevice");
        var commands = new DeviceCommands(instance.Commands, device);
        nint queue;
        commands.vkGetDeviceQueue(device, physical.QueueFamily, 0, &queue);
        return (device, commands, queue);
    }

    /// <summary>Blocks until the GPU has finished all submitted work.</summary>
    public void WaitIdle()
    {
        ThrowIfDisposed();
        lock (_queueLock)
            Check(Vk.vkDeviceWaitIdle(Handle), "vkDeviceWaitIdle");
    }

    internal void Register(IDeviceChild child)
    {
        ThrowIfDisposed();
        _children.Add(child);
    }

    internal void Unregister(IDeviceChild child) => _children.Remove(child);

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>
    /// Waits for the GPU, disposes every live child (newest first), then destroys the device and instance.
    /// Safe to call twice, and safe with children still alive (their later Dispose is a no-op).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        lock (_queueLock)
        {
            // Errors are ignored here: a lost device must still be torn down.
            _ = Vk.vkDeviceWaitIdle(Handle);
        }
        _children.DisposeAll();
        _transfer.Dispose();
        Vk.vkDestroyDevice(Handle, null);
        _instance.Dispose();
    }

    public override string ToString() => Info.ToString();
}
