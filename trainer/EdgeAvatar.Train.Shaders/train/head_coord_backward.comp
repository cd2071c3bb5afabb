#version 450
// train/head_coord_backward.comp — backward of the ambient coordinate x = (tanh(u) + 1) / 2 (activate.comp mode 0)
// for the first two ambient-MLP outputs, with RAD-NeRF's ambient L1 regulariser folded in: for samples of rays
// outside the face box, L += coord_reg · Σ |tanh(u)|, so dL/dtanh gains coord_reg · sign(tanh(u)).
//   t = 2x − 1;  dL/du_j = (0.5 · dL/dx_j + [outside] · coord_reg · sign(t)) · (1 − t²)
// Specification: HeadFieldBackward (C#, ambient grid step) and HeadTrainer (C#, the regulariser).
//
// One invocation per chunk-local sample i. Workgroup: 64 x 1 x 1. Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  DCoord      { float dx[]; }      N x 2 dL/d(coordinate) from the ambient grid's backward.
//   1 storage  Coord       { float x[]; }       N x 2 coordinates in [0, 1] (the forward's).
//   2 storage  RayIndex    { uint ray_of[]; }   M owning ray per sample (whole frame; chunk sample i is base + i).
//   3 storage  Region      { uint region[]; }   R ray regions (RayRegion): 1 = outside the face box (others: no term).
//   4 storage  DAmbientOut { float dao[]; }     N x O; columns 0 and 1 written.
// Push constants (20 bytes): uint n; uint first; uint base; uint o; float coord_reg.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer DCoord { float dx[]; };
layout(std430, set = 0, binding = 1) readonly buffer Coord { float x[]; };
layout(std430, set = 0, binding = 2) readonly buffer RayIndex { uint ray_of[]; };
layout(std430, set = 0, binding = 3) readonly buffer Region { uint region[]; };
layout(std430, set = 0, binding = 4) writeonly buffer DAmbientOut { float dao[]; };

layout(push_constant) uniform Push { uint n; uint first; uint base; uint o; float coord_reg; } pc;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    bool out_ = region[ray_of[pc.base + i]] == 1u;
    for (uint j = 0; j < 2u; ++j)
    {
        float t = 2.0 * x[2u * i + j] - 1.0;
        float dt = 0.5 * dx[2u * i + j] + (out_ ? pc.coord_reg * sign(t) : 0.0);
        dao[pc.o * i + j] = dt * (1.0 - t * t);
    }
}
