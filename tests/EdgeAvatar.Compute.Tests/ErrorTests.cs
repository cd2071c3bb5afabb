using EdgeAvatar.Testing;

namespace EdgeAvatar.Compute.Tests;

[Collection(GpuCollection.Name)]
public sealed class ErrorTests
{
    [Fact]
    public void Failed_call_is_reported_with_function_and_result_names()
    {
        var e = Assert.Throws<VulkanException>(() =>
            Interop.Vulkan.Check(Interop.Vulkan.VkResult.VK_ERROR_OUT_OF_DEVICE_MEMORY, "vkAllocateMemory"));
        Assert.Equal("vkAllocateMemory", e.FunctionName);
        Assert.Equal("VK_ERROR_OUT_OF_DEVICE_MEMORY", e.ResultName);
        Assert.Equal(-2, e.ResultCode);
        Assert.Contains("vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY", e.Message);
        Assert.Equal(Interop.Vulkan.VkResult.VK_SUCCESS, Interop.Vulkan.Check(Interop.Vulkan.VkResult.VK_SUCCESS, "vkX"));
        Assert.Equal(Interop.Vulkan.VkResult.VK_TIMEOUT, Interop.Vulkan.Check(Interop.Vulkan.VkResult.VK_TIMEOUT, "vkX"));
        Assert.Contains("VkResult(-12345)", Assert.Throws<VulkanException>(
            () => Interop.Vulkan.Check((Interop.Vulkan.VkResult)(-12345), "vkX")).Message);
    }

    [SkippableFact]
    public void Buffer_larger_than_the_device_allows_is_rejected_before_vulkan_sees_it()
    {
        using GpuScope gpu = GpuFixture.Scope();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Device.CreateBuffer(1L << 50));
        Assert.Contains("largest allocation", e.Message);
    }

    [SkippableFact]
    public void Failing_vulkan_call_raises_VulkanException_naming_the_call_and_result()
    {
        using GpuScope gpu = GpuFixture.Scope();
        // A real failing call through the whole path: the loader refuses an instance extension that does not exist.
        var e = Assert.Throws<VulkanException>(() => ComputeDevice.Create(new ComputeDeviceOptions
        {
            ExtraInstanceExtensions = ["VK_EDGEAVATAR_no_such_extension"],
        }));
        Assert.Equal("vkCreateInstance", e.FunctionName);
        Assert.Equal("VK_ERROR_EXTENSION_NOT_PRESENT", e.ResultName);
        Assert.Contains("vkCreateInstance failed with VK_ERROR_EXTENSION_NOT_PRESENT", e.Message);
    }
}
