#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_EXT_shader_atomic_float : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
// train/head_ambient_in_backward.comp — splits dL/d(ambient-MLP input) = [spatial (S), audio code (A)]: the spatial
// part is ADDED to dL/d(spatial features) (they also fed the sigma MLP), the audio part is summed over the chunk into
// the per-frame accumulator. Specification: HeadFieldBackward (C#), the loop after the ambient MLP.
// With `second` = 1 (an ernerf head: A = 0) it also adds a second N x S input gradient, so the audio and eye attention
// MLPs, which both read the spatial features, hand theirs back in one dispatch (HeadFieldBackward, its ernerf branch).
//
// One invocation per chunk-local sample i; no early return (subgroup reduction). Workgroup: 64 x 1 x 1.
// Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  DAmbientIn { float dain[]; }  N x (S + A).
//   1 storage  DSpatial   { float dsp[]; }   N x S, added to.
//   2 storage  GradFrame  { float gfr[]; }   accumulator; A floats from audio_dst ADDED.
//   3 storage  DSecond    { float dsec[]; }  N x S, added to DSpatial when second = 1 (else never read; any buffer).
// Push constants (24 bytes): uint n; uint first; uint s; uint a; uint audio_dst; uint second.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer DAmbientIn { float dain[]; };
layout(std430, set = 0, binding = 1) buffer DSpatial { float dsp[]; };
layout(std430, set = 0, binding = 2) buffer GradFrame { float gfr[]; };
layout(std430, set = 0, binding = 3) readonly buffer DSecond { float dsec[]; };

layout(push_constant) uniform Push { uint n; uint first; uint s; uint a; uint audio_dst; uint second; } pc;

#include "common/subgroup_accumulate.glsl"

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    bool valid = i < pc.n;
    uint w = pc.s + pc.a;
    if (valid)
    {
        [[dont_unroll]]
        for (uint k = 0; k < pc.s; ++k)
            dsp[i * pc.s + k] += pc.second != 0 ? dain[i * w + k] + dsec[i * pc.s + k] : dain[i * w + k];
    }
    [[dont_unroll]]
    for (uint k = 0; k < pc.a; ++k)
        accumulate(pc.audio_dst + k, valid ? dain[i * w + pc.s + k] : 0.0);
}
