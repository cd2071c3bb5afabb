using System.Runtime.InteropServices;
using System.Text;

namespace EdgeAvatar.Compute;

internal static partial class Interop
{
    internal static partial class Vulkan
    {
        /// <summary>
        /// The Vulkan loader library. Its only export we use is vkGetInstanceProcAddr; every other entry point is
        /// fetched through it (or vkGetDeviceProcAddr), so nothing binds to libvulkan at type-load time and a machine
        /// without it gets a <see cref="VulkanUnavailableException"/> naming the Debian packages, not a DllNotFoundException.
        /// Loaded libraries are cached per name for the life of the process (they are never unloaded: function
        /// pointers into them may be held by live devices).
        /// </summary>
        internal sealed unsafe class Loader
        {
            internal const string DefaultLibraryName = "libvulkan.so.1";

            private static readonly Lock s_lock = new();
            private static readonly Dictionary<string, Loader> s_loaded = new(StringComparer.Ordinal);

            private readonly delegate* unmanaged<nint, byte*, nint> _getInstanceProcAddr;

            private Loader(string name, delegate* unmanaged<nint, byte*, nint> getInstanceProcAddr)
            {
                LibraryName = name;
                _getInstanceProcAddr = getInstanceProcAddr;
                Global = new GlobalCommands(this);
            }

            internal string LibraryName { get; }

            internal GlobalCommands Global { get; }

            /// <summary>Loads (once) the named Vulkan loader library.</summary>
            /// <exception cref="VulkanUnavailableException">The library or its vkGetInstanceProcAddr export is missing.</exception>
            internal static Loader Get(string? libraryName = null)
            {
                string name = libraryName ?? DefaultLibraryName;
                lock (s_lock)
                {
                    if (s_loaded.TryGetValue(name, out Loader? cached))
                        return cached;
                    if (!NativeLibrary.TryLoad(name, typeof(Loader).Assembly, DllImportSearchPath.SafeDirectories, out nint handle)
                        && !NativeLibrary.TryLoad(name, out handle))
                    {
                        throw new VulkanUnavailableException(
                            $"The Vulkan loader library '{name}' could not be loaded. Install the Debian packages libvulkan1 " +
                            "and mesa-vulkan-drivers (sudo apt-get install libvulkan1 mesa-vulkan-drivers), or run scripts/setup.");
                    }
                    if (!NativeLibrary.TryGetExport(handle, "vkGetInstanceProcAddr", out nint address))
                    {
                        throw new VulkanUnavailableException(
                            $"'{name}' was loaded but does not export vkGetInstanceProcAddr; it is not a Vulkan loader. " +
                            "Reinstall the Debian package libvulkan1.");
                    }
                    var loader = new Loader(name, (delegate* unmanaged<nint, byte*, nint>)address);
                    s_loaded[name] = loader;
                    return loader;
                }
            }

            /// <summary>vkGetInstanceProcAddr; NULL when the function is unknown or its extension is not enabled.</summary>
            internal void* GetInstanceProcAddr(nint instance, string name)
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(name + "\0");
                fixed (byte* p = utf8)
                {
                    return (void*)_getInstanceProcAddr(instance, p);
                }
            }

            internal void* GetRequiredInstanceProcAddr(nint instance, string name)
            {
                void* address = GetInstanceProcAddr(instance, name);
                return address != null ? address : throw new VulkanUnavailableException(
                    $"The Vulkan loader '{LibraryName}' does not provide {name}; it is too old for EdgeAvatar " +
                    "(Vulkan 1.2 is required). Upgrade the Debian package libvulkan1.");
            }
        }
    }
}
