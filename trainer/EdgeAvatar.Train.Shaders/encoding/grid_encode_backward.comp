#version 450
#extension GL_EXT_shader_atomic_float : require
// encoding/grid_encode_backward.comp — multiresolution grid encoding, backward: dL/d(table) and optionally
// dL/d(positions) (tiled or hashed, 2-D or 3-D). Specification: CpuGridEncodingBackward (C#).
//
// One invocation per (point, plane, level): gl_GlobalInvocationID.x = point n, gl_GlobalInvocationID.y =
// plane p * LEVELS + level l (p = 0 unless PLANES = 3). Dispatch: (ceil(points in this dispatch / 64),
// PLANES * LEVELS, 1). Workgroup: 64 x 1 x 1.
// PLANES = 3 is the backward of the forward's tri-plane mode (C# reference: TriPlaneEncodingBackward): plane p reads
// axes (0, 1), (1, 2), (0, 2) of an N x 3 position, its third of the table, and its columns of the output gradient;
// a point axis read by two planes gets both planes' position gradients.
//
// Bindings (set 0):
//   0 storage  Positions    { float pos[]; }    N x DIMS (N x 3 when PLANES = 3), point-major (as the forward).
//   1 storage  Table        { float table[]; }  [entry][feature] (as the forward); read only for position gradients.
//   2 storage  OutputGrad   { float gout[]; }   dL/d(output), N x (PLANES * LEVELS * FEATURES), laid out like the
//                                                forward output.
//   3 storage  TableGrad    { float gtable[]; } same shape as Table; gradients are ADDED with atomicAdd (caller zeroes).
//   4 storage  PositionGrad { float gpos[]; }   like Positions; gradients ADDED with atomicAdd (one add per point,
//                                                plane, level, axis) when push flag 1 is set; otherwise not touched
//                                                (bind anything).
//   5 uniform  Levels (std140) { uvec4 a[32]; uvec4 b[32]; }  exactly the forward's per-level block.
// Push constants (12 bytes): uint n — points N; uint first — first point of this dispatch; uint flags — bit 0:
//   also compute dL/d(positions).
// Specialization constants: 0 DIMS (2|3), 1 FEATURES (1|2|4), 2 LEVELS (1..32), 3 HASHED (0|1), 4 PLANES (1|3) —
// as the forward.
//
// Gradients: gtable[e_c, f] += w_c * G[n, l, f];  gpos[n, d] += s_l * sum_c dw_c/dt_d * <G[n, l, :], table[e_c, :]>,
// dw_c/dt_d = (bit_d ? +1 : -1) * prod_{e != d} w_e (derivative inside the cell; the encoding is piecewise
// multilinear in x). Points outside [0, 1]^DIMS (or NaN) contribute nothing.
// Nondeterminism: atomics add in an unspecified order, so sums match the C# reference only to float rounding.
// Requires VK_EXT_shader_atomic_float (shaderBufferFloat32AtomicAdd); the host checks DeviceInfo.SupportsAtomicFloatAdd.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(constant_id = 0) const uint DIMS = 3;
layout(constant_id = 1) const uint FEATURES = 2;
layout(constant_id = 2) const uint LEVELS = 16;
layout(constant_id = 3) const uint HASHED = 0;
layout(constant_id = 4) const uint PLANES = 1;

#include "common/grid_index.glsl"

layout(std430, set = 0, binding = 0) readonly buffer Positions { float pos[]; };
layout(std430, set = 0, binding = 1) readonly buffer Table { float table[]; };
layout(std430, set = 0, binding = 2) readonly buffer OutputGrad { float gout[]; };
layout(std430, set = 0, binding = 3) buffer TableGrad { float gtable[]; };
layout(std430, set = 0, binding = 4) buffer PositionGrad { float gpos[]; };
layout(std140, set = 0, binding = 5) uniform Levels { uvec4 level_a[32]; uvec4 level_b[32]; };

layout(push_constant) uniform Push { uint n; uint first; uint flags; } pc;

void main()
{
    uint n = pc.first + gl_GlobalInvocationID.x;
    uint y = gl_GlobalInvocationID.y;
    if (n >= pc.n || y >= PLANES * LEVELS)
        return;
    uint plane = y / LEVELS;
    uint l = y - plane * LEVELS;

    // The position floats this invocation reads (and whose gradients it adds): a plane's two axes, or all DIMS.
    uint pos_stride = PLANES == 3 ? 3u : DIMS;
    uint axis0 = 0u, axis1 = 1u;
    uint table_entry0 = 0u;
    if (PLANES == 3)
    {
        // xy, yz, xz: first axis 0, 1, 0; second axis 1, 2, 2.
        axis0 = plane == 1u ? 1u : 0u;
        axis1 = plane == 0u ? 1u : 2u;
        table_entry0 = plane * (level_a[LEVELS - 1u].x + level_a[LEVELS - 1u].y);
    }
    vec3 x = vec3(pos[n * pos_stride + axis0], pos[n * pos_stride + axis1], DIMS == 3 ? pos[n * DIMS + 2] : 0.0);
    bool inside = all(greaterThanEqual(x, vec3(0.0))) && all(lessThanEqual(x, vec3(1.0)));
    if (!inside)
        return;

    uvec4 a = level_a[l];
    uvec4 b = level_b[l];
    float scale = uintBitsToFloat(b.x);
    bool use_hash = HASHED != 0 && b.y != 0;
    bool want_pos = (pc.flags & 1u) != 0;

    // Same float operations as the forward so t (hence every corner weight) is the forward's.
    vec3 p = x * scale + 0.5;
    vec3 gf = floor(p);
    vec3 t = p - gf;
    uvec3 g = uvec3(gf);
    if (DIMS == 2)
    {
        g.z = 0;
        t.z = 0.0;
    }

    uint gbase = ((n * PLANES + plane) * LEVELS + l) * FEATURES;
    vec4 go = vec4(gout[gbase], FEATURES > 1 ? gout[gbase + 1] : 0.0,
                   FEATURES > 2 ? gout[gbase + 2] : 0.0, FEATURES > 2 ? gout[gbase + 3] : 0.0);

    vec3 dpos = vec3(0.0);
    uint corners = 1u << DIMS;
    // 4 or 8 corners and straight-line bodies: cheap to unroll.
    for (uint c = 0; c < corners; ++c)
    {
        uvec3 bits = uvec3(c & 1u, (c >> 1) & 1u, (c >> 2) & 1u);
        bvec3 upper = notEqual(bits, uvec3(0));
        vec3 w3 = mix(1.0 - t, t, upper);
        if (DIMS == 2)
            w3.z = 1.0;
        float w = w3.x * w3.y * w3.z;
        uint base = (table_entry0 + a.x + grid_entry(g + bits, a.y, a.z, a.w, use_hash)) * FEATURES;

        atomicAdd(gtable[base], w * go.x);
        if (FEATURES > 1)
            atomicAdd(gtable[base + 1], w * go.y);
        if (FEATURES > 2)
        {
            atomicAdd(gtable[base + 2], w * go.z);
            atomicAdd(gtable[base + 3], w * go.w);
        }

        if (want_pos)
        {
            float dot_gt = go.x * table[base];
            if (FEATURES > 1)
                dot_gt += go.y * table[base + 1];
            if (FEATURES > 2)
                dot_gt += go.z * table[base + 2] + go.w * table[base + 3];
            vec3 sgn = mix(vec3(-1.0), vec3(1.0), upper);
            dpos += sgn * vec3(w3.y * w3.z, w3.x * w3.z, w3.x * w3.y) * dot_gt;
        }
    }

    if (want_pos)
    {
        dpos *= scale;
        atomicAdd(gpos[n * pos_stride + axis0], dpos.x);
        atomicAdd(gpos[n * pos_stride + axis1], dpos.y);
        if (DIMS == 3)
            atomicAdd(gpos[n * DIMS + 2], dpos.z);
    }
}
