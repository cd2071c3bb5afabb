using System.Runtime.InteropServices;

namespace EdgeAvatar.Compute;

// Structs for instance creation, layers, extensions and the debug-utils messenger.
// Transcribed mechanically from <vulkan/vulkan_core.h> (header 1.3.239): field names and order are the C ones, so
// the struct layout test can compare every size and offset with the C compiler's.
// Mapping: VkBool32/flags/enums -> uint, VkDeviceSize -> ulong, dispatchable handles -> nint, non-dispatchable -> ulong.
internal static partial class Interop
{
    internal static partial class Vulkan
    {
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkApplicationInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public byte* pApplicationName;
            public uint applicationVersion;
            public byte* pEngineName;
            public uint engineVersion;
            public uint apiVersion;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkInstanceCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public VkApplicationInfo* pApplicationInfo;
            public uint enabledLayerCount;
            public byte** ppEnabledLayerNames;
            public uint enabledExtensionCount;
            public byte** ppEnabledExtensionNames;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkLayerProperties
        {
            public fixed byte layerName[256];
            public uint specVersion;
            public uint implementationVersion;
            public fixed byte description[256];
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkExtensionProperties
        {
            public fixed byte extensionName[256];
            public uint specVersion;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDebugUtilsMessengerCreateInfoEXT
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint messageSeverity;
            public uint messageType;
            public nint pfnUserCallback;
            public void* pUserData;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDebugUtilsMessengerCallbackDataEXT
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public byte* pMessageIdName;
            public int messageIdNumber;
            public byte* pMessage;
            public uint queueLabelCount;
            public void* pQueueLabels;
            public uint cmdBufLabelCount;
            public void* pCmdBufLabels;
            public uint objectCount;
            public void* pObjects;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkValidationFeaturesEXT
        {
            public VkStructureType sType;
            public void* pNext;
            public uint enabledValidationFeatureCount;
            public uint* pEnabledValidationFeatures;
            public uint disabledValidationFeatureCount;
            public uint* pDisabledValidationFeatures;
        }

    }
}
