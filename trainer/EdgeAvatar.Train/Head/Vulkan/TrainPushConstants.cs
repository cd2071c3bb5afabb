using System.Runtime.InteropServices;
using EdgeAvatar.Render.Vulkan;

namespace EdgeAvatar.Train.Head.Vulkan;

// The push blocks of trainer/EdgeAvatar.Train.Shaders/train/*.comp, field for field (std430 push layout: scalars packed). Each shader's header
// is the specification; the kernels' layouts assert the sizes at dispatch.

/// <summary>head_output_backward.comp: 20 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadOutputBackwardPush(uint N, uint First, uint Base, uint SigmaWidth, float Clamp)
    : IRangePush<HeadOutputBackwardPush>
{
    public HeadOutputBackwardPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>head_color_in_backward.comp: 20 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadColorInBackwardPush(uint N, uint First, uint Geometry, uint Latent, uint LatentDst)
    : IRangePush<HeadColorInBackwardPush>
{
    public HeadColorInBackwardPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>head_sigma_in_backward.comp: 44 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadSigmaInBackwardPush(uint N, uint First, uint Base, uint Spatial, uint Ambient,
    uint Audio, uint Gated, uint AudioOffset, uint AudioDst, float GateRegulariser, float LipsGateRegulariser) : IRangePush<HeadSigmaInBackwardPush>
{
    public HeadSigmaInBackwardPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>head_attention_in_backward.comp: 36 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadAttentionInBackwardPush(uint N, uint First, uint Base, uint Spatial, uint Audio,
    uint AudioOffset, uint EyeOffset, uint AudioDst, float AttentionRegulariser) : IRangePush<HeadAttentionInBackwardPush>
{
    public HeadAttentionInBackwardPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>head_coord_backward.comp: 20 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadCoordBackwardPush(uint N, uint First, uint Base, uint AmbientOutputs, float CoordRegulariser)
    : IRangePush<HeadCoordBackwardPush>
{
    public HeadCoordBackwardPush WithRange(uint n, uint first) => this with { N = n, First = first };
}

/// <summary>head_ambient_in_backward.comp: 24 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct HeadAmbientInBackwardPush(uint N, uint First, uint Spatial, uint Audio, uint AudioDst, uint Second = 0)
    : IRangePush<HeadAmbientInBackwardPush>
{
    public HeadAmbientInBackwardPush WithRange(uint n, uint first) => this with { N = n, First = first };
}
