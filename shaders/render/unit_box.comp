#version 450
// render/unit_box.comp — head-box world positions → unit-cube grid coordinates for one chunk of samples:
// unit[i] = (pos[base + i] - box_min) / box_size (HeadField.Forward's first step; the grid encodes points outside
// [0, 1] to zero, so nothing is clamped here).
//
// One invocation per chunk-local sample i. Workgroup: 64 x 1 x 1. Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Positions { float pos[]; }   M x 3 world positions of the whole frame (read at sample base + i).
//   1 storage  Unit      { float unit[]; }  N x 3 chunk-local unit positions.
// Push constants (40 bytes): uint n — chunk samples N; uint first — first i of this dispatch; uint base — global
//   index of the chunk's first sample; uint pad; float box_min xyz; float box_size xyz (world units).

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer Positions { float pos[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Unit { float unit[]; };

layout(push_constant) uniform Push
{
    uint n; uint first; uint base; uint pad;
    float min_x; float min_y; float min_z;
    float size_x; float size_y; float size_z;
} pc;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    uint s = pc.base + i;
    precise float ux = (pos[3 * s] - pc.min_x) / pc.size_x;
    precise float uy = (pos[3 * s + 1] - pc.min_y) / pc.size_y;
    precise float uz = (pos[3 * s + 2] - pc.min_z) / pc.size_z;
    unit[3 * i] = ux; unit[3 * i + 1] = uy; unit[3 * i + 2] = uz;
}
