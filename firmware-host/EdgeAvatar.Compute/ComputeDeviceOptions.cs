namespace EdgeAvatar.Compute;

/// <summary>How <see cref="ComputeDevice.Create"/> picks and sets up a Vulkan device.</summary>
public sealed class ComputeDeviceOptions
{
    /// <summary>The environment variable read when <see cref="DeviceSelector"/> is null.</summary>
    public const string DeviceSelectorEnvironmentVariable = "EDGEAVATAR_VK_DEVICE";

    /// <summary>
    /// Enables VK_LAYER_KHRONOS_validation and VK_EXT_debug_utils. Creation fails with
    /// <see cref="ValidationLayerMissingException"/> when the layer is not installed (Debian: vulkan-validationlayers).
    /// </summary>
    public bool EnableValidation { get; init; }

    /// <summary>Also enables synchronization validation (implies <see cref="EnableValidation"/>). Slow; for tests.</summary>
    public bool SynchronizationValidation { get; init; }

    /// <summary>
    /// A device index (as in <see cref="ComputeDevice.EnumerateDevices"/>) or a case-insensitive substring of its name.
    /// Null: the value of EDGEAVATAR_VK_DEVICE if set, else the automatic choice (discrete, integrated, virtual, CPU).
    /// </summary>
    public string? DeviceSelector { get; init; }

    /// <summary>
    /// Receives every validation warning or error (and loader errors), one formatted line each. Called on whatever
    /// thread made the offending Vulkan call, possibly concurrently: the handler must be thread-safe and must not throw
    /// (exceptions are swallowed because they cannot cross the native callback).
    /// </summary>
    public Action<string>? ValidationMessage { get; init; }

    /// <summary>
    /// Test hook: the loader library to open instead of libvulkan.so.1 (a non-existent name proves the
    /// "Vulkan missing" error path on a machine that has Vulkan).
    /// </summary>
    internal string? LibraryName { get; init; }

    /// <summary>
    /// Test hook: put every buffer in device-local memory and move data through staging buffers, as on a discrete GPU,
    /// even where device memory is host-visible (lavapipe), so that path is exercised without such a GPU.
    /// </summary>
    internal bool ForceStagingBuffers { get; init; }

    /// <summary>Test hook: the validation layer to require (a non-existent one proves the "layer missing" error).</summary>
    internal string ValidationLayerName { get; init; } = "VK_LAYER_KHRONOS_validation";

    /// <summary>Test hook: more instance extensions to request (an unknown one proves the VkResult error path).</summary>
    internal IReadOnlyList<string> ExtraInstanceExtensions { get; init; } = [];
}
