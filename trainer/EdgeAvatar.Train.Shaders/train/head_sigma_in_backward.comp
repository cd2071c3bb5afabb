#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_EXT_shader_atomic_float : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
// train/head_sigma_in_backward.comp — splits dL/d(sigma-MLP input) by the row's parts (head_sigma_in.comp /
// concat_rows.comp): spatial features (S) and ambient features (Q) are copied out; for a gated head the γ·a part
// gives dL/da += γ · g (summed over the chunk into the accumulator) and dL/dγ = Σ_k g_k · a_k plus the gate
// regularisers (+gate_reg for samples of rays outside the face box, −lips_gate_reg for rays in the lips box),
// written as dL/du2 = dL/dγ · γ (1 − γ)
// (γ = sigmoid(u2)). The eye input has no gradient. Specification: HeadFieldBackward (C#).
//
// One invocation per chunk-local sample i; no early return (subgroup reduction). Workgroup: 64 x 1 x 1.
// Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  DSigmaIn   { float dsin[]; }   N x (S + Q + (gated ? A : 0) + 1).
//   1 storage  AmbientOut { float u[]; }      N x O raw ambient-MLP outputs (O = 3 gated, 2 not).
//   2 storage  Frame      { float frame[]; }  per-frame vectors; the audio code is A floats from audio_offset.
//   3 storage  RayIndex   { uint ray_of[]; }  M owning ray per sample (whole frame; chunk sample i is base + i).
//   4 storage  Region     { uint region[]; }  R ray regions (RayRegion): 0 face, 1 outside the face box, 2 lips box.
//   5 storage  DSpatial   { float dsp[]; }    N x S, written.
//   6 storage  DAmbient   { float damb[]; }   N x Q, written.
//   7 storage  DAmbientOut{ float dao[]; }    N x O; column 2 written when gated.
//   8 storage  GradFrame  { float gfr[]; }    accumulator; A floats from audio_dst ADDED when gated.
// Push constants (44 bytes): uint n; uint first; uint base; uint s; uint q; uint a; uint gated; uint audio_offset;
//   uint audio_dst; float gate_reg; float lips_gate_reg.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer DSigmaIn { float dsin[]; };
layout(std430, set = 0, binding = 1) readonly buffer AmbientOut { float u[]; };
layout(std430, set = 0, binding = 2) readonly buffer Frame { float frame[]; };
layout(std430, set = 0, binding = 3) readonly buffer RayIndex { uint ray_of[]; };
layout(std430, set = 0, binding = 4) readonly buffer Region { uint region[]; };
layout(std430, set = 0, binding = 5) writeonly buffer DSpatial { float dsp[]; };
layout(std430, set = 0, binding = 6) writeonly buffer DAmbient { float damb[]; };
layout(std430, set = 0, binding = 7) writeonly buffer DAmbientOut { float dao[]; };
layout(std430, set = 0, binding = 8) buffer GradFrame { float gfr[]; };

layout(push_constant) uniform Push
{
    uint n; uint first; uint base; uint s; uint q; uint a; uint gated; uint audio_offset; uint audio_dst; float gate_reg;
    float lips_gate_reg;
} pc;

#include "common/subgroup_accumulate.glsl"

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    bool valid = i < pc.n;
    uint a = pc.gated != 0u ? pc.a : 0u;
    uint sw = pc.s + pc.q + a + 1u;
    if (valid)
    {
        [[dont_unroll]]
        for (uint k = 0; k < pc.s; ++k)
            dsp[i * pc.s + k] = dsin[i * sw + k];
        [[dont_unroll]]
        for (uint k = 0; k < pc.q; ++k)
            damb[i * pc.q + k] = dsin[i * sw + pc.s + k];
    }
    if (pc.gated == 0u)
        return; // uniform: a push constant
    float gamma = valid ? 1.0 / (1.0 + exp(-u[3u * i + 2u])) : 0.0;
    uint ray_region = valid ? region[ray_of[pc.base + i]] : 0u;
    float dgate = ray_region == 1u ? pc.gate_reg : (ray_region == 2u ? -pc.lips_gate_reg : 0.0);
    [[dont_unroll]]
    for (uint k = 0; k < a; ++k)
    {
        float g = valid ? dsin[i * sw + pc.s + pc.q + k] : 0.0;
        dgate += g * frame[pc.audio_offset + k];
        accumulate(pc.audio_dst + k, gamma * g);
    }
    if (valid)
        dao[3u * i + 2u] = dgate * gamma * (1.0 - gamma);
}
