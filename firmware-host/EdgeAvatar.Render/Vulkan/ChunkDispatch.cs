using EdgeAvatar.Compute;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// How many samples one chunk of the head field covers: a count the host knows (<see cref="Direct"/>: the trainer,
/// tests) or one the device wrote (<see cref="Indirect"/>: the renderer's frame, sized by render/sample_scan.comp).
/// Indirect chunks record every kernel as one indirect dispatch whose arguments sit at
/// <see cref="ArgumentsOffset"/> + kind × 12 bytes; <see cref="N"/> is then the chunk's capacity, an upper bound.
/// </summary>
internal readonly record struct ChunkDispatch(int N, GpuBuffer? Arguments, long ArgumentsOffset)
{
    /// <summary>Argument slots per chunk (sample_scan.comp's KINDS).</summary>
    public const int Kinds = 8;

    /// <summary>Bytes of one chunk's block of arguments.</summary>
    public const int BlockBytes = Kinds * CommandList.DispatchIndirectBytes;

    public static ChunkDispatch Direct(int n) => new(n, null, 0);

    public static ChunkDispatch Indirect(int capacity, GpuBuffer arguments, long offset) => new(capacity, arguments, offset);

    public bool IsIndirect => Arguments is not null;

    public long Offset(ChunkKind kind) => ArgumentsOffset + (int)kind * CommandList.DispatchIndirectBytes;
}

/// <summary>
/// The dispatch shapes of one head-field chunk of n samples; sample_scan.comp writes (ceil(mult · n / 64), y, 1)
/// for each, with mult and y from <see cref="VulkanHeadMarcher"/>'s table (the same order).
/// </summary>
internal enum ChunkKind
{
    /// <summary>One invocation per sample: (ceil(n / 64), 1, 1).</summary>
    Points = 0,
    /// <summary>The spatial grid: (ceil(n / 64), spatial levels, 1).</summary>
    SpatialGrid = 1,
    /// <summary>The ambient grid: (ceil(n / 64), ambient levels, 1).</summary>
    AmbientGrid = 2,
    /// <summary>Two elements per sample (the 2-D ambient coordinate): (ceil(2n / 64), 1, 1).</summary>
    Pairs = 3,
    /// <summary>Three elements per sample (rgb): (ceil(3n / 64), 1, 1).</summary>
    Triples = 4,
}
