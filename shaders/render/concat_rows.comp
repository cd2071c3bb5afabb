#version 450
#extension GL_EXT_control_flow_attributes : require
// render/concat_rows.comp — builds MLP input rows by concatenation: out[i] = [a[a_base + i] (WA floats),
// b[i] (WB floats, may be 0 wide), c[c_offset .. c_offset + WC) (one per-frame vector shared by every row)].
// Used for the head's ambient input [spatial, audio], sigma input [spatial, ambient, eye] and the torso's inputs
// [coordinate encoding | grid features, pose encoding + latent].
//
// One invocation per output row i. Workgroup: 64 x 1 x 1. Dispatch: (ceil(rows / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  A   { float a[]; }    rows of WA floats, row-major; row i is read at (a_base + i) * WA.
//   1 storage  B   { float b[]; }    N x WB, row-major (bound to A when WB = 0; then never read).
//   2 storage  C   { float c[]; }    per-frame vectors; WC floats from c_offset.
//   3 storage  Out { float outv[]; } N x (WA + WB + WC), row-major.
// Push constants (28 bytes): uint n — rows N; uint first — first row of this dispatch; uint a_base; uint wa;
//   uint wb; uint wc; uint c_offset.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer A { float a[]; };
layout(std430, set = 0, binding = 1) readonly buffer B { float b[]; };
layout(std430, set = 0, binding = 2) readonly buffer C { float c[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Out { float outv[]; };

layout(push_constant) uniform Push { uint n; uint first; uint a_base; uint wa; uint wb; uint wc; uint c_offset; } pc;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    uint width = pc.wa + pc.wb + pc.wc;
    uint o = i * width;
    uint ab = (pc.a_base + i) * pc.wa;
    [[dont_unroll]]
    for (uint k = 0; k < pc.wa; ++k)
        outv[o + k] = a[ab + k];
    o += pc.wa;
    uint bb = i * pc.wb;
    [[dont_unroll]]
    for (uint k = 0; k < pc.wb; ++k)
        outv[o + k] = b[bb + k];
    o += pc.wb;
    [[dont_unroll]]
    for (uint k = 0; k < pc.wc; ++k)
        outv[o + k] = c[pc.c_offset + k];
}
