using System.Runtime.InteropServices;
using System.Text;
using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// A VkInstance with its optional debug-utils messenger. Owned by one <see cref="ComputeDevice"/> (or briefly by
/// <see cref="ComputeDevice.EnumerateDevices"/>) and destroyed after it.
/// </summary>
internal sealed unsafe class VulkanInstance : IDisposable
{
    internal const string ValidationLayerName = "VK_LAYER_KHRONOS_validation";
    private const string DebugUtilsExtension = "VK_EXT_debug_utils";
    private const string ValidationFeaturesExtension = "VK_EXT_validation_features";

    private readonly GCHandle _sinkHandle;
    private ulong _messenger;
    private bool _disposed;

    private VulkanInstance(Loader loader, nint handle, InstanceCommands commands, uint apiVersion, GCHandle sinkHandle, ulong messenger)
    {
        Loader = loader;
        Handle = handle;
        Commands = commands;
        ApiVersion = apiVersion;
        _sinkHandle = sinkHandle;
        _messenger = messenger;
    }

    internal Loader Loader { get; }
    internal nint Handle { get; }
    internal InstanceCommands Commands { get; }
    /// <summary>The apiVersion the instance was created with (what validation checks usage against).</summary>
    internal uint ApiVersion { get; }

    internal static VulkanInstance Create(string? libraryName, bool validation, bool syncValidation, ValidationMessageSink? sink,
        IReadOnlyList<string>? extraExtensions = null, string validationLayer = ValidationLayerName)
    {
        Loader loader = Loader.Get(libraryName);
        GlobalCommands g = loader.Global;

        uint loaderVersion = VK_MAKE_API_VERSION(0, 1, 0, 0);
        if (g.vkEnumerateInstanceVersion != null)
            Check(g.vkEnumerateInstanceVersion(&loaderVersion), "vkEnumerateInstanceVersion");
        if (loaderVersion < VK_MAKE_API_VERSION(0, 1, 2, 0))
        {
            throw new VulkanUnavailableException(
                $"The Vulkan loader supports only Vulkan {VK_API_VERSION_MAJOR(loaderVersion)}.{VK_API_VERSION_MINOR(loaderVersion)}; " +
                "EdgeAvatar needs 1.2. Upgrade libvulkan1.");
        }
        // Ask for 1.3 where the loader has it so kernels may use 1.3 features; devices are still checked for 1.2.
        uint apiVersion = Math.Min(loaderVersion & ~0xFFFu, VK_MAKE_API_VERSION(0, 1, 3, 0));

        var layers = new List<string>();
        var extensions = new List<string>();
        bool validationFeatures = false;
        if (validation)
        {
            if (!ListLayers(g).Contains(validationLayer))
            {
                throw new ValidationLayerMissingException(
                    $"Vulkan validation was requested but the layer {validationLayer} is not installed. " +
                    "Install the Debian package vulkan-validationlayers (scripts/setup --test does).");
            }
            layers.Add(validationLayer);
            HashSet<string> available = ListInstanceExtensions(g, null);
            available.UnionWith(ListInstanceExtensions(g, validationLayer));
            if (!available.Contains(DebugUtilsExtension))
            {
                throw new ValidationLayerMissingException(
                    $"Vulkan validation was requested but {DebugUtilsExtension} is unavailable, so its messages could not be " +
                    "received. Reinstall libvulkan1 and vulkan-validationlayers.");
            }
            extensions.Add(DebugUtilsExtension);
            if (syncValidation)
            {
                if (!available.Contains(ValidationFeaturesExtension))
                {
                    throw new ValidationLayerMissingException(
                        $"Synchronization validation was requested but the validation layer lacks {ValidationFeaturesExtension}; " +
                        "upgrade vulkan-validationlayers.");
                }
                extensions.Add(ValidationFeaturesExtension);
                validationFeatures = true;
            }
        }

        extensions.AddRange(extraExtensions ?? []);
        GCHandle sinkHandle = sink is null ? default : GCHandle.Alloc(sink);
        try
        {
            return CreateInstance(loader, apiVersion, layers, extensions, validationFeatures, sinkHandle);
        }
        catch
        {
            if (sinkHandle.IsAllocated)
                sinkHandle.Free();
            throw;
        }
    }

    private static VulkanInstance CreateInstance(Loader loader, uint apiVersion, List<string> layers, List<string> extensions,
        bool validationFeatures, GCHandle sinkHandle)
    {
        using var strings = new NativeStrings();
        var app = new VkApplicationInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_APPLICATION_INFO,
            pApplicationName = strings.Add("EdgeAvatar"),
            applicationVersion = VK_MAKE_API_VERSION(0, 0, 1, 0),
            pEngineName = strings.Add("EdgeAvatar.Compute"),
            engineVersion = VK_MAKE_API_VERSION(0, 0, 1, 0),
            apiVersion = apiVersion,
        };
        uint enabledFeature = VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT;
        var features = new VkValidationFeaturesEXT
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT,
            enabledValidationFeatureCount = 1,
            pEnabledValidationFeatures = &enabledFeature,
        };
        // Chained into VkInstanceCreateInfo too, so messages from vkCreateInstance/vkDestroyInstance are not lost.
        var messengerInfo = new VkDebugUtilsMessengerCreateInfoEXT
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
            pNext = validationFeatures ? &features : null,
            messageSeverity = ValidationMessageSink.Severities,
            messageType = ValidationMessageSink.Types,
            pfnUserCallback = ValidationMessageSink.CallbackPointer,
            pUserData = sinkHandle.IsAllocated ? (void*)GCHandle.ToIntPtr(sinkHandle) : null,
        };
        bool debugUtils = extensions.Contains(DebugUtilsExtension);
        byte** layerNames = strings.AddArray(layers);
        byte** extensionNames = strings.AddArray(extensions);
        var info = new VkInstanceCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
            pNext = debugUtils ? &messengerInfo : null,
            pApplicationInfo = &app,
            enabledLayerCount = (uint)layers.Count,
            ppEnabledLayerNames = layerNames,
            enabledExtensionCount = (uint)extensions.Count,
            ppEnabledExtensionNames = extensionNames,
        };
        nint instance;
        VkResult result = loader.Global.vkCreateInstance(&info, null, &instance);
        if (result == VkResult.VK_ERROR_INCOMPATIBLE_DRIVER)
        {
            throw new VulkanUnavailableException(
                "No Vulkan driver is installed (vkCreateInstance: VK_ERROR_INCOMPATIBLE_DRIVER). Install the Debian package " +
                "mesa-vulkan-drivers (lavapipe runs Vulkan on the CPU), or your GPU vendor's driver.");
        }
        if (result == VkResult.VK_ERROR_LAYER_NOT_PRESENT)
            throw new ValidationLayerMissingException($"vkCreateInstance could not load {ValidationLayerName}; reinstall vulkan-validationlayers.");
        Check(result, "vkCreateInstance");

        var commands = new InstanceCommands(loader, instance, debugUtils);
        ulong messenger = 0;
        if (debugUtils)
        {
            messengerInfo.pNext = null;
            result = commands.vkCreateDebugUtilsMessengerEXT(instance, &messengerInfo, null, &messenger);
            if (result < 0)
            {
                commands.vkDestroyInstance(instance, null);
                Check(result, "vkCreateDebugUtilsMessengerEXT");
            }
        }
        return new VulkanInstance(loader, instance, commands, apiVersion, sinkHandle, messenger);
    }

    internal nint[] EnumeratePhysicalDevices()
    {
        uint count = 0;
        Check(Commands.vkEnumeratePhysicalDevices(Handle, &count, null), "vkEnumeratePhysicalDevices");
        var devices = new nint[count];
        fixed (nint* p = devices)
        {
            VkResult r = Check(Commands.vkEnumeratePhysicalDevices(Handle, &count, p), "vkEnumeratePhysicalDevices");
            // VK_INCOMPLETE only if a device appeared between the two calls; the first `count` entries are still valid.
            _ = r;
        }
        return devices[..(int)count];
    }

    private static HashSet<string> ListLayers(GlobalCommands g)
    {
        uint count = 0;
        Check(g.vkEnumerateInstanceLayerProperties(&count, null), "vkEnumerateInstanceLayerProperties");
        var props = new VkLayerProperties[count];
        fixed (VkLayerProperties* p = props)
        {
            Check(g.vkEnumerateInstanceLayerProperties(&count, p), "vkEnumerateInstanceLayerProperties");
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
                names.Add(FixedString(p[i].layerName, 256));
            return names;
        }
    }

    private static HashSet<string> ListInstanceExtensions(GlobalCommands g, string? layer)
    {
        byte[]? layerUtf8 = layer is null ? null : Encoding.UTF8.GetBytes(layer + "\0");
        fixed (byte* pLayer = layerUtf8)
        {
            uint count = 0;
            Check(g.vkEnumerateInstanceExtensionProperties(pLayer, &count, null), "vkEnumerateInstanceExtensionProperties");
            var props = new VkExtensionProperties[count];
            fixed (VkExtensionProperties* p = props)
            {
                Check(g.vkEnumerateInstanceExtensionProperties(pLayer, &count, p), "vkEnumerateInstanceExtensionProperties");
                var names = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < count; i++)
                    names.Add(FixedString(p[i].extensionName, 256));
                return names;
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_messenger != 0)
        {
            Commands.vkDestroyDebugUtilsMessengerEXT(Handle, _messenger, null);
            _messenger = 0;
        }
        Commands.vkDestroyInstance(Handle, null);
        if (_sinkHandle.IsAllocated)
            _sinkHandle.Free();
    }
}
