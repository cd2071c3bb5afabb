#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_EXT_shader_atomic_float : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
// train/head_attention_in_backward.comp — splits dL/d(sigma-MLP input) of an ernerf head, whose row is
// [s (S), a ⊙ α (A), e · β] (render/head_attention_in.comp, β = sigmoid(z)):
//   dL/ds   = the S spatial columns, copied out (the attention MLPs' input gradients are added later);
//   dL/dα_k = g_k · a_k, plus attention_reg · α_k / ‖α‖ for samples of rays outside the face box (the penalty on ‖α‖,
//             AttentionRegulariser; nothing where ‖α‖ = 0);
//   dL/dz   = g_e · e · β (1 − β);
//   dL/da_k += Σ_i g_k · α_k (summed over the chunk into the accumulator). The eye input has no gradient.
// Specification: HeadFieldBackward's ernerf branch and RegionAttentionBackward (C#).
//
// One invocation per chunk-local sample i; no early return (subgroup reduction). Workgroup: 64 x 1 x 1.
// Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  DSigmaIn  { float dsin[]; }  N x (S + A + 1).
//   1 storage  Alpha     { float alpha[]; } N x A audio attention of the forward.
//   2 storage  EyeLogit  { float z[]; }     N x 1 eye attention logits of the forward.
//   3 storage  Frame     { float frame[]; } per-frame vectors: A audio floats from audio_offset, eye at eye_offset.
//   4 storage  RayIndex  { uint ray_of[]; } M owning ray per sample (whole frame; chunk sample i is base + i).
//   5 storage  Region    { uint region[]; } R ray regions (RayRegion): 0 face, 1 outside the face box, 2 lips box.
//   6 storage  DSpatial  { float dsp[]; }   N x S, written.
//   7 storage  DAlpha    { float dal[]; }   N x A, written.
//   8 storage  DEyeLogit { float dz[]; }    N x 1, written.
//   9 storage  GradFrame { float gfr[]; }   accumulator; A floats from audio_dst ADDED.
// Push constants (36 bytes): uint n; uint first; uint base; uint s; uint a; uint audio_offset; uint eye_offset;
//   uint audio_dst; float attention_reg.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer DSigmaIn { float dsin[]; };
layout(std430, set = 0, binding = 1) readonly buffer Alpha { float alpha[]; };
layout(std430, set = 0, binding = 2) readonly buffer EyeLogit { float z[]; };
layout(std430, set = 0, binding = 3) readonly buffer Frame { float frame[]; };
layout(std430, set = 0, binding = 4) readonly buffer RayIndex { uint ray_of[]; };
layout(std430, set = 0, binding = 5) readonly buffer Region { uint region[]; };
layout(std430, set = 0, binding = 6) writeonly buffer DSpatial { float dsp[]; };
layout(std430, set = 0, binding = 7) writeonly buffer DAlpha { float dal[]; };
layout(std430, set = 0, binding = 8) writeonly buffer DEyeLogit { float dz[]; };
layout(std430, set = 0, binding = 9) buffer GradFrame { float gfr[]; };

layout(push_constant) uniform Push
{
    uint n; uint first; uint base; uint s; uint a; uint audio_offset; uint eye_offset; uint audio_dst; float attention_reg;
} pc;

#include "common/subgroup_accumulate.glsl"

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    bool valid = i < pc.n;
    uint sw = pc.s + pc.a + 1u;
    float norm_scale = 0.0;
    if (valid)
    {
        [[dont_unroll]]
        for (uint k = 0; k < pc.s; ++k)
            dsp[i * pc.s + k] = dsin[i * sw + k];
        if (pc.attention_reg != 0.0 && region[ray_of[pc.base + i]] == 1u)
        {
            float sq = 0.0;
            [[dont_unroll]]
            for (uint k = 0; k < pc.a; ++k)
                sq += alpha[i * pc.a + k] * alpha[i * pc.a + k];
            norm_scale = sq > 0.0 ? pc.attention_reg / sqrt(sq) : 0.0;
        }
        float beta = 1.0 / (1.0 + exp(-z[i]));
        dz[i] = dsin[i * sw + pc.s + pc.a] * frame[pc.eye_offset] * beta * (1.0 - beta);
    }
    [[dont_unroll]]
    for (uint k = 0; k < pc.a; ++k)
    {
        float g = valid ? dsin[i * sw + pc.s + k] : 0.0;
        float al = valid ? alpha[i * pc.a + k] : 0.0;
        if (valid)
            dal[i * pc.a + k] = g * frame[pc.audio_offset + k] + norm_scale * al;
        accumulate(pc.audio_dst + k, g * al);
    }
}
