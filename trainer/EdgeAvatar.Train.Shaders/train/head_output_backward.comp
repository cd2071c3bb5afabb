#version 450
// train/head_output_backward.comp — backward of the head field's output activations for one chunk of samples:
//   rgb = sigmoid(c)           → dL/dc        = dL/drgb · rgb · (1 − rgb)
//   σ   = trunc_exp(h0)        → dL/dh0       = dL/dσ · exp(min(h0, clamp))   (gradient clamp as TruncExp's C# reference)
// Specification: HeadFieldBackward (C#), first two steps. The other sigma-MLP output gradients (geometry features)
// are written by head_color_in_backward.comp.
//
// One invocation per chunk-local sample i. Workgroup: 64 x 1 x 1. Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  SigmaOut  { float h[]; }     N x HW raw sigma-MLP outputs (chunk-local, HW = 1 + GEO).
//   1 storage  Rgb       { float rgb[]; }   M x 3 field colours (whole frame; chunk sample i is base + i).
//   2 storage  GradSigma { float gsig[]; }  M dL/dσ (whole frame).
//   3 storage  GradRgb   { float grgb[]; }  M x 3 dL/drgb (whole frame).
//   4 storage  DColorOut { float dco[]; }   N x 3 dL/d(colour-MLP output), written.
//   5 storage  DSigmaOut { float dso[]; }   N x HW dL/d(sigma-MLP output); column 0 written.
// Push constants (20 bytes): uint n; uint first; uint base; uint hw; float clamp.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer SigmaOut { float h[]; };
layout(std430, set = 0, binding = 1) readonly buffer Rgb { float rgb[]; };
layout(std430, set = 0, binding = 2) readonly buffer GradSigma { float gsig[]; };
layout(std430, set = 0, binding = 3) readonly buffer GradRgb { float grgb[]; };
layout(std430, set = 0, binding = 4) writeonly buffer DColorOut { float dco[]; };
layout(std430, set = 0, binding = 5) writeonly buffer DSigmaOut { float dso[]; };

layout(push_constant) uniform Push { uint n; uint first; uint base; uint hw; float clamp_; } pc;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    uint g = pc.base + i;
    for (uint c = 0; c < 3u; ++c)
    {
        float y = rgb[3u * g + c];
        dco[3u * i + c] = grgb[3u * g + c] * y * (1.0 - y);
    }
    dso[i * pc.hw] = gsig[g] * exp(min(h[i * pc.hw], pc.clamp_));
}
