using EdgeAvatar.Common;
using EdgeAvatar.Testing;

namespace EdgeAvatar.Compute.Tests;

[Collection(GpuCollection.Name)]
public sealed class DeviceTests
{
    [SkippableFact]
    public void Device_info_reports_name_limits_and_features()
    {
        using GpuScope gpu = GpuFixture.Scope();
        DeviceInfo info = gpu.Device.Info;
        Assert.False(string.IsNullOrWhiteSpace(info.Name));
        Assert.True(info.IsSupported);
        Assert.Matches(@"^1\.\d+\.\d+$", info.ApiVersion);
        Assert.True(info.MaxComputeWorkGroupInvocations >= 128);
        Assert.Equal(3, info.MaxComputeWorkGroupSize.Count);
        Assert.True(info.MaxComputeSharedMemorySize >= 16384);
        Assert.True(info.MaxPushConstantsSize >= 128);
        Assert.True(info.MaxStorageBufferRange >= 1 << 27 || info.MaxStorageBufferRange >= 1 << 20);
        Assert.True(info.SubgroupSize >= 1);
        Assert.True(info.TimestampPeriodNs > 0);
        Assert.True(info.DeviceLocalMemoryBytes > 0);
        Assert.True(gpu.Device.ValidationEnabled);
        Assert.Contains(info.Name, info.Describe());
        Assert.Contains(info.Name, info.ToString());
    }

    [SkippableFact]
    public void Lavapipe_offers_the_optional_features_the_kernels_use()
    {
        using GpuScope gpu = GpuFixture.Scope();
        DeviceInfo info = gpu.Device.Info;
        Skip.If(info.Type != DeviceType.Cpu, $"Device is {info}, not lavapipe; its features may legitimately differ.");
        Assert.True(info.SupportsShaderFloat16);
        Assert.True(info.SupportsStorageBuffer16BitAccess);
        Assert.True(info.SupportsAtomicFloatAdd);
    }

    [SkippableFact]
    public void EnumerateDevices_lists_the_selected_device()
    {
        using GpuScope gpu = GpuFixture.Scope();
        IReadOnlyList<DeviceInfo> devices = ComputeDevice.EnumerateDevices();
        Assert.Contains(devices, d => d.Name == gpu.Device.Info.Name && d.Index == gpu.Device.Info.Index);
        Assert.Equal(Enumerable.Range(0, devices.Count), devices.Select(d => d.Index));
    }

    [SkippableFact]
    public void Selector_by_index_and_by_name_substring_picks_that_device()
    {
        using GpuScope gpu = GpuFixture.Scope();
        DeviceInfo expected = gpu.Device.Info;
        using (var byIndex = ComputeDevice.Create(new ComputeDeviceOptions { DeviceSelector = expected.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            Assert.Equal(expected.Name, byIndex.Info.Name);
        string fragment = expected.Name[..Math.Min(4, expected.Name.Length)].ToUpperInvariant();
        using var byName = ComputeDevice.Create(new ComputeDeviceOptions { DeviceSelector = fragment });
        Assert.Contains(fragment, byName.Info.Name, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public void Selector_matching_no_device_is_a_configuration_error_listing_the_devices()
    {
        using GpuScope gpu = GpuFixture.Scope();
        var e = Assert.Throws<EdgeAvatarException>(() => ComputeDevice.Create(new ComputeDeviceOptions { DeviceSelector = "no-such-gpu-xyz" }));
        Assert.Equal(ExitCodes.Config, e.ExitCode);
        Assert.Contains("no-such-gpu-xyz", e.Message);
        Assert.Contains(gpu.Device.Info.Name, e.Message);
        Assert.Throws<EdgeAvatarException>(() => ComputeDevice.Create(new ComputeDeviceOptions { DeviceSelector = "99" }));
    }

    [Fact]
    public void Missing_vulkan_library_gives_unavailable_error_naming_the_packages()
    {
        var e = Assert.Throws<VulkanUnavailableException>(
            () => ComputeDevice.Create(new ComputeDeviceOptions { LibraryName = "libvulkan-edgeavatar-missing.so.1" }));
        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("libvulkan1", e.Message);
        Assert.Contains("mesa-vulkan-drivers", e.Message);
        Assert.Throws<VulkanUnavailableException>(() => ComputeDevice.EnumerateDevices("libvulkan-edgeavatar-missing.so.1"));
    }

    [SkippableFact]
    public void Missing_validation_layer_fails_clearly_instead_of_running_unvalidated()
    {
        using GpuScope gpu = GpuFixture.Scope();
        var e = Assert.Throws<ValidationLayerMissingException>(() => ComputeDevice.Create(new ComputeDeviceOptions
        {
            EnableValidation = true,
            ValidationLayerName = "VK_LAYER_EDGEAVATAR_not_installed",
        }));
        Assert.Contains("vulkan-validationlayers", e.Message);
        Assert.IsNotType<VulkanUnavailableException>(e); // must fail GPU tests, never skip them
    }

    [SkippableFact]
    public void Disposing_device_with_live_children_disposes_them_first_without_validation_errors()
    {
        using GpuScope gpu = GpuFixture.Scope();
        var messages = new List<string>();
        GpuBuffer buffer;
        GpuBuffer output;
        Kernel kernel;
        BindingSet set;
        CommandList list;
        TimestampQueries queries;
        // Deliberately the wrong order for `using`: children created from a device that is disposed first.
        using (var device = ComputeDevice.Create(new ComputeDeviceOptions
        {
            EnableValidation = true,
            SynchronizationValidation = true,
            ValidationMessage = m => { lock (messages) messages.Add(m); },
        }))
        {
            buffer = device.CreateBuffer(256);
            output = device.CreateBuffer(256);
            kernel = TestKernels.ScaleAdd(device, 0);
            set = kernel.Bind(buffer, output);
            list = device.CreateCommandList();
            queries = device.CreateTimestampQueries(2);
            list.Begin();
            list.Dispatch(kernel, set, 1, 1, 1, new TestKernels.ScaleAddPush { A = 1, B = 0, N = 64 });
            list.End();
            device.Submit(list); // not waited on: Dispose must wait for it
            Assert.True(device.LiveObjectCount >= 5);
        }
        Assert.True(buffer.IsDisposed);
        Assert.True(output.IsDisposed);
        Assert.True(kernel.IsDisposed);
        Assert.True(set.IsDisposed);
        Assert.True(list.IsDisposed);
        Assert.True(queries.IsDisposed);
        buffer.Dispose(); // later disposal is a harmless no-op
        list.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Upload<byte>([1]));
        lock (messages)
            Assert.Empty(messages);
    }
}
