using System.Runtime.InteropServices;
using EdgeAvatar.Compute;
using EdgeAvatar.Shaders;

namespace EdgeAvatar.Compute.Tests;

/// <summary>
/// The core's test kernels (Shaders/testing/*.comp, embedded in this test assembly so the device's shader assembly
/// carries none) with their layouts, as documented in their headers.
/// </summary>
internal static class TestKernels
{
    private static readonly SpirvResources s_shaders = new(typeof(TestKernels).Assembly);

    /// <summary>Push constants of testing/scale_add (std430: float a; float b; uint n).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ScaleAddPush
    {
        public float A;
        public float B;
        public uint N;
    }

    internal const uint ScaleAddGroupSize = 32;

    internal static Kernel ScaleAdd(ComputeDevice device, float offset)
        => device.CreateKernel(s_shaders.Load("testing/scale_add"), new KernelLayout(
            [BindingKind.StorageBuffer, BindingKind.StorageBuffer],
            pushConstantBytes: 12,
            specialization: [SpecializationConstant.UInt(0, ScaleAddGroupSize), SpecializationConstant.Float(1, offset)],
            name: "testing/scale_add"));

    internal static Kernel Increment(ComputeDevice device)
        => device.CreateKernel(s_shaders.Load("testing/increment"), new KernelLayout
        {
            Bindings = [BindingKind.StorageBuffer, BindingKind.UniformBuffer],
            Name = "testing/increment",
        });

    /// <summary>A uniform buffer holding testing/increment's Params { uint step; uint n; } (16 bytes, std140).</summary>
    internal static GpuBuffer IncrementParams(ComputeDevice device, uint step, uint n)
        => device.CreateBuffer<uint>([step, n, 0, 0], BufferUsage.Uniform, "increment params");

    internal static uint Groups(uint n, uint groupSize) => (n + groupSize - 1) / groupSize;
}
