#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_EXT_shader_atomic_float : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
// train/head_color_in_backward.comp — routes dL/d(colour-MLP input) back to where each part of the row came from
// (head_color_in.comp): the geometry features → sigma-MLP outputs 1 .. GEO; the SH direction encoding → nothing
// (directions are data); the frame's latent → summed over the chunk into the per-frame gradient accumulator.
// Specification: HeadFieldBackward (C#), the loop after the colour MLP.
//
// One invocation per chunk-local sample i; no early return (the latent sum is a subgroup reduction: invocations
// past N add 0). Workgroup: 64 x 1 x 1. Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  DColorIn  { float dcin[]; }  N x (GEO + 16 + LAT) dL/d(colour-MLP input).
//   1 storage  DSigmaOut { float dso[]; }   N x (1 + GEO); columns 1 .. GEO written.
//   2 storage  GradFrame { float gfr[]; }   per-frame gradient accumulator; LAT floats from latent_dst ADDED.
// Push constants (20 bytes): uint n; uint first; uint geo; uint lat; uint latent_dst.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer DColorIn { float dcin[]; };
layout(std430, set = 0, binding = 1) writeonly buffer DSigmaOut { float dso[]; };
layout(std430, set = 0, binding = 2) buffer GradFrame { float gfr[]; };

layout(push_constant) uniform Push { uint n; uint first; uint geo; uint lat; uint latent_dst; } pc;

#include "common/subgroup_accumulate.glsl"

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    bool valid = i < pc.n;
    uint cw = pc.geo + 16u + pc.lat, hw = 1u + pc.geo;
    if (valid)
    {
        [[dont_unroll]]
        for (uint k = 0; k < pc.geo; ++k)
            dso[i * hw + 1u + k] = dcin[i * cw + k];
    }
    [[dont_unroll]]
    for (uint k = 0; k < pc.lat; ++k)
        accumulate(pc.latent_dst + k, valid ? dcin[i * cw + pc.geo + 16u + k] : 0.0);
}
