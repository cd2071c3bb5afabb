using System.Globalization;
using System.Text;

namespace EdgeAvatar.Compute;

/// <summary>What a Vulkan device is and offers for compute; immutable, safe to keep after the device is disposed.</summary>
public sealed record DeviceInfo
{
    /// <summary>Position in <see cref="ComputeDevice.EnumerateDevices"/> (the order the loader reports).</summary>
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required DeviceType Type { get; init; }
    /// <summary>Vulkan version the device supports, "major.minor.patch".</summary>
    public required string ApiVersion { get; init; }
    /// <summary>Vendor-specific encoding (Mesa: VK_MAKE_VERSION of the Mesa release).</summary>
    public required uint DriverVersion { get; init; }
    public required uint VendorId { get; init; }
    public required uint DeviceId { get; init; }
    /// <summary>False when the device lacks Vulkan 1.2 or a compute queue; such a device cannot be selected.</summary>
    public required bool IsSupported { get; init; }
    public required uint MaxComputeWorkGroupInvocations { get; init; }
    /// <summary>Per-dimension workgroup size limit (x, y, z).</summary>
    public required IReadOnlyList<uint> MaxComputeWorkGroupSize { get; init; }
    /// <summary>Per-dimension dispatch group count limit (x, y, z).</summary>
    public required IReadOnlyList<uint> MaxComputeWorkGroupCount { get; init; }
    public required uint MaxComputeSharedMemorySize { get; init; }
    public required uint MaxStorageBufferRange { get; init; }
    public required uint MaxUniformBufferRange { get; init; }
    public required uint MaxPushConstantsSize { get; init; }
    /// <summary>Largest single memory allocation (VkPhysicalDeviceMaintenance3Properties), hence largest buffer.</summary>
    public required ulong MaxMemoryAllocationSize { get; init; }
    public required uint SubgroupSize { get; init; }
    /// <summary>Nanoseconds per timestamp tick.</summary>
    public required double TimestampPeriodNs { get; init; }
    /// <summary>Valid bits of timestamps on the compute queue; 0 when it cannot write timestamps.</summary>
    public required uint TimestampValidBits { get; init; }
    public required bool SupportsShaderFloat16 { get; init; }
    public required bool SupportsShaderInt64 { get; init; }
    public required bool SupportsStorageBuffer16BitAccess { get; init; }
    /// <summary>VK_EXT_shader_atomic_float: atomicAdd on float32 in storage buffers.</summary>
    public required bool SupportsAtomicFloatAdd { get; init; }
    /// <summary>VK_EXT_shader_atomic_float: atomicAdd on float32 in shared memory.</summary>
    public required bool SupportsSharedAtomicFloatAdd { get; init; }
    /// <summary>Sum of the device-local memory heaps.</summary>
    public required ulong DeviceLocalMemoryBytes { get; init; }

    /// <summary>One line: "llvmpipe (LLVM 15.0.6, 256 bits) [Cpu, Vulkan 1.3.230]".</summary>
    public override string ToString() => $"{Name} [{Type}, Vulkan {ApiVersion}]";

    /// <summary>A multi-line description for reports and `bench` output.</summary>
    public string Describe()
    {
        var b = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        b.Append(c, $"device {Index}: {Name}\n");
        b.Append(c, $"  type {Type}, Vulkan {ApiVersion}, driver 0x{DriverVersion:x8}, vendor 0x{VendorId:x4}, device 0x{DeviceId:x4}{(IsSupported ? "" : " (unsupported)")}\n");
        b.Append(c, $"  workgroup: {MaxComputeWorkGroupInvocations} invocations, size {string.Join("x", MaxComputeWorkGroupSize)}, shared memory {MaxComputeSharedMemorySize} B, subgroup {SubgroupSize}\n");
        b.Append(c, $"  storage buffer range {MaxStorageBufferRange} B, uniform buffer range {MaxUniformBufferRange} B, push constants {MaxPushConstantsSize} B, max allocation {MaxMemoryAllocationSize} B\n");
        b.Append(c, $"  device-local memory {DeviceLocalMemoryBytes / (1024.0 * 1024.0):F0} MiB, timestamps {TimestampValidBits} bits x {TimestampPeriodNs} ns\n");
        b.Append(c, $"  float16 {YesNo(SupportsShaderFloat16)}, int64 {YesNo(SupportsShaderInt64)}, 16-bit storage {YesNo(SupportsStorageBuffer16BitAccess)}, ");
        b.Append(c, $"float atomic add: buffer {YesNo(SupportsAtomicFloatAdd)}, shared {YesNo(SupportsSharedAtomicFloatAdd)}");
        return b.ToString();
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
