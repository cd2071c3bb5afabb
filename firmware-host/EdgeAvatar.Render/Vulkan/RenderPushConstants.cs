using System.Runtime.InteropServices;

namespace EdgeAvatar.Render.Vulkan;

// The push blocks of shaders/render/*.comp, field for field (std430 push layout: scalars packed, uvec4 16-aligned).
// Each shader's header is the specification; the sizes are asserted by the kernels' layouts at dispatch.

/// <summary>ray_march.comp and every kernel whose push block is just (n, first): 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct RangePush(uint N, uint First) : IRangePush<RangePush>
{
    public RangePush WithRange(uint n, uint first) => new(n, first);
}

/// <summary>unit_box.comp: 40 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct UnitBoxPush(uint N, uint First, uint Base, uint Pad,
    float MinX, float MinY, float MinZ, float SizeX, float SizeY, float SizeZ) : IRangePush<UnitBoxPush>
{
    public UnitBoxPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>concat_rows.comp: 28 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ConcatPush(uint N, uint First, uint ABase, uint WidthA, uint WidthB, uint WidthC,
    uint COffset) : IRangePush<ConcatPush>
{
    public ConcatPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>activate.comp: 28 bytes. Mode 0 = (tanh + 1)/2, 1 = exp, 2 = sigmoid; element i reads
/// src[SrcBase + (i / Group) · Stride + i % Group].</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ActivatePush(uint N, uint First, uint SrcBase, uint Stride, uint DstBase, uint Mode,
    uint Group = 1) : IRangePush<ActivatePush>
{
    public const uint TanhUnit = 0, Exp = 1, Sigmoid = 2;

    public ActivatePush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>head_color_in.comp: 24 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadColorInPush(uint N, uint First, uint Base, uint Geometry, uint Latent,
    uint LatentOffset) : IRangePush<HeadColorInPush>
{
    public HeadColorInPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>head_sigma_in.comp: 28 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadSigmaInPush(uint N, uint First, uint Spatial, uint Ambient, uint Audio,
    uint AudioOffset, uint EyeOffset) : IRangePush<HeadSigmaInPush>
{
    public HeadSigmaInPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>head_attention_in.comp: 24 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadAttentionInPush(uint N, uint First, uint Spatial, uint Audio, uint AudioOffset,
    uint EyeOffset) : IRangePush<HeadAttentionInPush>
{
    public HeadAttentionInPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>composite_rays.comp: 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct CompositePush(uint N, uint First, float Dt, float Threshold) : IRangePush<CompositePush>
{
    public CompositePush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>torso_warp.comp: 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct TorsoWarpPush(uint N, uint First, uint Base, float Scale) : IRangePush<TorsoWarpPush>
{
    public TorsoWarpPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>compose_frame.comp: 48 bytes; a rect with width 0 is absent.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ComposePush(uint N, uint First, uint Width, uint Height,
    uint TorsoX, uint TorsoY, uint TorsoW, uint TorsoH, uint HeadX, uint HeadY, uint HeadW, uint HeadH)
    : IRangePush<ComposePush>
{
    public ComposePush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>
/// sample_scan.comp: 80 bytes. One workgroup walks all the counts, so <see cref="WithRange"/> leaves the block as it
/// is (<see cref="RenderKernel{TPush}"/> records it as a single group). Mult/YLevels: per <see cref="ChunkKind"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ScanPush(uint Rays, uint Capacity, uint Chunk, uint Chunks, ScanPush.Eight Mult,
    ScanPush.Eight YLevels) : IRangePush<ScanPush>
{
    public ScanPush WithRange(uint n, uint first) => this;

    /// <summary>Eight values, the rest of <paramref name="values"/>' length zero.</summary>
    public static Eight Table(params uint[] values)
    {
        var e = new Eight();
        for (int i = 0; i < values.Length; i++) e[i] = values[i];
        return e;
    }

    [System.Runtime.CompilerServices.InlineArray(ChunkDispatch.Kinds)]
    internal struct Eight
    {
        private uint _element;
    }
}
