namespace EdgeAvatar.Compute;

internal static partial class Interop
{
    internal static partial class Vulkan
    {
        /// <summary>
        /// Functions callable without an instance (instance = NULL in vkGetInstanceProcAddr): creating the instance and
        /// listing the layers and extensions it can have.
        /// </summary>
        internal sealed unsafe class GlobalCommands
        {
            public delegate* unmanaged<VkInstanceCreateInfo*, void*, nint*, VkResult> vkCreateInstance;
            public delegate* unmanaged<uint*, VkResult> vkEnumerateInstanceVersion;
            public delegate* unmanaged<uint*, VkLayerProperties*, VkResult> vkEnumerateInstanceLayerProperties;
            public delegate* unmanaged<byte*, uint*, VkExtensionProperties*, VkResult> vkEnumerateInstanceExtensionProperties;

            internal GlobalCommands(Loader loader)
            {
                void* load(string name) => loader.GetRequiredInstanceProcAddr(0, name);
                vkCreateInstance = (delegate* unmanaged<VkInstanceCreateInfo*, void*, nint*, VkResult>)load("vkCreateInstance");
                vkEnumerateInstanceVersion = (delegate* unmanaged<uint*, VkResult>)load("vkEnumerateInstanceVersion");
                vkEnumerateInstanceLayerProperties = (delegate* unmanaged<uint*, VkLayerProperties*, VkResult>)load("vkEnumerateInstanceLayerProperties");
                vkEnumerateInstanceExtensionProperties = (delegate* unmanaged<byte*, uint*, VkExtensionProperties*, VkResult>)load("vkEnumerateInstanceExtensionProperties");
            }
        }
    }
}
