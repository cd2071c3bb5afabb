namespace EdgeAvatar.Compute;

internal static partial class Interop
{
    internal static partial class Vulkan
    {
        /// <summary>
        /// Instance-level functions, loaded through vkGetInstanceProcAddr(instance, ...). The debug-utils pair is only
        /// loaded when VK_EXT_debug_utils was enabled (it is NULL otherwise).
        /// </summary>
        internal sealed unsafe class InstanceCommands
        {
            public delegate* unmanaged<nint, void*, void> vkDestroyInstance;
            public delegate* unmanaged<nint, uint*, nint*, VkResult> vkEnumeratePhysicalDevices;
            public delegate* unmanaged<nint, VkPhysicalDeviceProperties*, void> vkGetPhysicalDeviceProperties;
            public delegate* unmanaged<nint, VkPhysicalDeviceProperties2*, void> vkGetPhysicalDeviceProperties2;
            public delegate* unmanaged<nint, VkPhysicalDeviceFeatures2*, void> vkGetPhysicalDeviceFeatures2;
            public delegate* unmanaged<nint, VkPhysicalDeviceMemoryProperties*, void> vkGetPhysicalDeviceMemoryProperties;
            public delegate* unmanaged<nint, uint*, VkQueueFamilyProperties*, void> vkGetPhysicalDeviceQueueFamilyProperties;
            public delegate* unmanaged<nint, byte*, uint*, VkExtensionProperties*, VkResult> vkEnumerateDeviceExtensionProperties;
            public delegate* unmanaged<nint, VkDeviceCreateInfo*, void*, nint*, VkResult> vkCreateDevice;
            public delegate* unmanaged<nint, byte*, nint> vkGetDeviceProcAddr;
            public delegate* unmanaged<nint, VkDebugUtilsMessengerCreateInfoEXT*, void*, ulong*, VkResult> vkCreateDebugUtilsMessengerEXT;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyDebugUtilsMessengerEXT;

            internal InstanceCommands(Loader loader, nint instance, bool debugUtils)
            {
                void* load(string name) => loader.GetRequiredInstanceProcAddr(instance, name);
                vkDestroyInstance = (delegate* unmanaged<nint, void*, void>)load("vkDestroyInstance");
                vkEnumeratePhysicalDevices = (delegate* unmanaged<nint, uint*, nint*, VkResult>)load("vkEnumeratePhysicalDevices");
                vkGetPhysicalDeviceProperties = (delegate* unmanaged<nint, VkPhysicalDeviceProperties*, void>)load("vkGetPhysicalDeviceProperties");
                vkGetPhysicalDeviceProperties2 = (delegate* unmanaged<nint, VkPhysicalDeviceProperties2*, void>)load("vkGetPhysicalDeviceProperties2");
                vkGetPhysicalDeviceFeatures2 = (delegate* unmanaged<nint, VkPhysicalDeviceFeatures2*, void>)load("vkGetPhysicalDeviceFeatures2");
                vkGetPhysicalDeviceMemoryProperties = (delegate* unmanaged<nint, VkPhysicalDeviceMemoryProperties*, void>)load("vkGetPhysicalDeviceMemoryProperties");
                vkGetPhysicalDeviceQueueFamilyProperties = (delegate* unmanaged<nint, uint*, VkQueueFamilyProperties*, void>)load("vkGetPhysicalDeviceQueueFamilyProperties");
                vkEnumerateDeviceExtensionProperties = (delegate* unmanaged<nint, byte*, uint*, VkExtensionProperties*, VkResult>)load("vkEnumerateDeviceExtensionProperties");
                vkCreateDevice = (delegate* unmanaged<nint, VkDeviceCreateInfo*, void*, nint*, VkResult>)load("vkCreateDevice");
                vkGetDeviceProcAddr = (delegate* unmanaged<nint, byte*, nint>)load("vkGetDeviceProcAddr");
                if (debugUtils)
                {
                    vkCreateDebugUtilsMessengerEXT = (delegate* unmanaged<nint, VkDebugUtilsMessengerCreateInfoEXT*, void*, ulong*, VkResult>)load("vkCreateDebugUtilsMessengerEXT");
                    vkDestroyDebugUtilsMessengerEXT = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyDebugUtilsMessengerEXT");
                }
            }
        }
    }
}
