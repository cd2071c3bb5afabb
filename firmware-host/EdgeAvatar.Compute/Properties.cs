using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EdgeAvatar.Compute.Tests")]
// The Vulkan renderer's tests run it on a device with ComputeDeviceOptions.ForceStagingBuffers (a discrete GPU's path).
[assembly: InternalsVisibleTo("EdgeAvatar.Render.Tests")]
