using System.Runtime.InteropServices;

namespace EdgeAvatar.Kernels;

/// <summary>
/// Push constants shared by the per-point kernels (8 bytes): the total point count and the first point handled by
/// one dispatch. Layout matches <c>layout(push_constant) uniform Push { uint n; uint first; }</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct PointRange(uint N, uint First)
{
    /// <summary>Invocations per workgroup along x in every per-point kernel.</summary>
    public const int GroupSize = 64;

    /// <summary>
    /// Workgroups per dispatch along x: Vulkan guarantees 65535; larger N is split into several dispatches.
    /// </summary>
    public const int MaxGroupsPerDispatch = 65535;

    /// <summary>Points handled by one full dispatch.</summary>
    public const int MaxPointsPerDispatch = GroupSize * MaxGroupsPerDispatch;

    /// <summary>The dispatches covering N points, in order: (push constants, workgroup count along x).</summary>
    public static IEnumerable<(PointRange Push, uint Groups)> Split(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        for (int first = 0; first < n; first += MaxPointsPerDispatch)
        {
            int count = Math.Min(MaxPointsPerDispatch, n - first);
            yield return (new PointRange((uint)n, (uint)first), (uint)((count + GroupSize - 1) / GroupSize));
        }
    }
}
