#version 450
// testing/scale_add: the compute core's own test kernel (tests/EdgeAvatar.Compute.Tests), not a model kernel.
//   y[i] = a * x[i] + b + OFFSET   for i < n
// Bindings (set 0):
//   0: readonly storage buffer X { float x[]; }  n floats
//   1: storage buffer Y { float y[]; }           n floats (written)
// Push constants (std430, 12 bytes at offset 0): float a; float b; uint n;
// Specialization constants:
//   constant_id 0: local_size_x (uint, default 64)
//   constant_id 1: OFFSET (float, default 0.0)
// Workgroup: (local_size_x, 1, 1); dispatch ceil(n / local_size_x) x 1 x 1 groups.
layout(local_size_x_id = 0, local_size_y = 1, local_size_z = 1) in;
layout(constant_id = 1) const float OFFSET = 0.0;

layout(set = 0, binding = 0, std430) readonly buffer X { float x[]; };
layout(set = 0, binding = 1, std430) writeonly buffer Y { float y[]; };
layout(push_constant, std430) uniform Push { float a; float b; uint n; } pc;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i < pc.n)
        y[i] = pc.a * x[i] + pc.b + OFFSET;
}
