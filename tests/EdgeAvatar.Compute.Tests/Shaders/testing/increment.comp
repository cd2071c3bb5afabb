#version 450
// testing/increment: the compute core's own test kernel for barriers and reuse, not a model kernel.
//   v[i] += step   for i < n   (read-modify-write, so two dispatches on one buffer need a barrier between them)
// Bindings (set 0):
//   0: storage buffer Data { uint v[]; }  n uints (read and written)
//   1: uniform buffer Params { uint step; uint n; }  (std140, 8 bytes used; allocate at least 16)
// Push constants: none. Specialization constants: none.
// Workgroup: (64, 1, 1); dispatch ceil(n / 64) x 1 x 1 groups.
layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(set = 0, binding = 0, std430) buffer Data { uint v[]; };
layout(set = 0, binding = 1, std140) uniform Params { uint step; uint n; } params;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i < params.n)
        v[i] += params.step;
}
