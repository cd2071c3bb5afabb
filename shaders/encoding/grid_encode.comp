#version 450
// encoding/grid_encode.comp — multiresolution grid encoding, forward (tiled or hashed, 2-D or 3-D).
//
// One invocation per (point, plane, level): gl_GlobalInvocationID.x = point n, gl_GlobalInvocationID.y =
// plane p * LEVELS + level l (p = 0 unless PLANES = 3).
// Dispatch: (ceil(points in this dispatch / 64), PLANES * LEVELS, 1). Workgroup: 64 x 1 x 1.
//
// PLANES = 3 is ER-NeRF's tri-plane (C# reference: EdgeAvatar.Render.ErNerf.TriPlaneEncoding): DIMS = 2, positions
// are N x 3, and plane p (xy, yz, xz) reads axes (0, 1), (1, 2), (0, 2) of its point, looks them up in its own table
// (the three tables back to back, each T = offset_last + size_last entries) and writes its LEVELS x FEATURES columns
// after the earlier planes'. The 2-D out-of-range rule applies per plane, to the plane's two coordinates.
//
// Bindings (set 0):
//   0 storage  Positions { float pos[]; }    N x DIMS (N x 3 when PLANES = 3), point-major, expected in [0, 1]. A
//                                             point with any coordinate read outside [0, 1] (or NaN) encodes to all
//                                             zeros (torch-ngp's rule).
//   1 storage  Table     { float table[]; }  [entry][feature]: entry e of level l (of plane p) lives at
//                                             (p * T + offset_l + e) * FEATURES.
//   2 storage  Output    { float outv[]; }   N x (PLANES * LEVELS * FEATURES), point-major, plane-major then
//                                             level-major within a point:
//                                             outv[((n * PLANES + p) * LEVELS + l) * FEATURES + f].
//   3 uniform  Levels (std140) { uvec4 a[32]; uvec4 b[32]; }  per level l < LEVELS:
//                 a[l] = (offset_l in entries, size_l in entries (> 0), stride1_l, stride2_l)
//                 b[l] = (floatBitsToUint(scale_l), use_hash_l (0/1), 0, 0)
//               scale_l = base * b^l - 1; vertices per axis = ceil(scale_l) + 2; see common/grid_index.glsl for
//               the strides. The host (GridEncodingLayout) computes all of these so CPU and GPU agree exactly.
// Push constants (8 bytes): uint n — number of points N; uint first — point index of this dispatch's first
//   invocation (the host splits N into several dispatches when ceil(N / 64) exceeds the workgroup-count limit).
// Specialization constants:
//   0 DIMS      2 or 3
//   1 FEATURES  1, 2 or 4
//   2 LEVELS    1..32
//   3 HASHED    0 tiled (hash code compiled out), 1 hashed (levels whose dense grid overflows use the hash)
//   4 PLANES    1 (one grid) or 3 (tri-plane; needs DIMS = 2)
//
// Interpolation: p = x * scale + 0.5; g = floor(p); t = p - g; corner c (bit d set = upper along axis d) has weight
// prod_d (bit ? t_d : 1 - t_d); corners are summed in order c = 0 .. 2^DIMS - 1 (same order as the C# reference).
// No private arrays are indexed by loop variables (lavapipe would unroll everything): corners use vector lanes.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(constant_id = 0) const uint DIMS = 3;
layout(constant_id = 1) const uint FEATURES = 2;
layout(constant_id = 2) const uint LEVELS = 16;
layout(constant_id = 3) const uint HASHED = 0;
layout(constant_id = 4) const uint PLANES = 1;

#include "common/grid_index.glsl"

layout(std430, set = 0, binding = 0) readonly buffer Positions { float pos[]; };
layout(std430, set = 0, binding = 1) readonly buffer Table { float table[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Output { float outv[]; };
layout(std140, set = 0, binding = 3) uniform Levels { uvec4 level_a[32]; uvec4 level_b[32]; };

layout(push_constant) uniform Push { uint n; uint first; } pc;

void main()
{
    uint n = pc.first + gl_GlobalInvocationID.x;
    uint y = gl_GlobalInvocationID.y;
    if (n >= pc.n || y >= PLANES * LEVELS)
        return;
    uint plane = y / LEVELS;
    uint l = y - plane * LEVELS;

    vec3 x;
    uint table_entry0 = 0u;
    if (PLANES == 3)
    {
        // xy, yz, xz: first axis 0, 1, 0; second axis 1, 2, 2.
        uint first_axis = plane == 1u ? 1u : 0u;
        uint second_axis = plane == 0u ? 1u : 2u;
        x = vec3(pos[n * 3u + first_axis], pos[n * 3u + second_axis], 0.0);
        table_entry0 = plane * (level_a[LEVELS - 1u].x + level_a[LEVELS - 1u].y);
    }
    else
        x = vec3(pos[n * DIMS], pos[n * DIMS + 1], DIMS == 3 ? pos[n * DIMS + 2] : 0.0);
    uint out_base = ((n * PLANES + plane) * LEVELS + l) * FEATURES;

    // Written as a negated in-range test so NaN counts as out of range.
    bool inside = all(greaterThanEqual(x, vec3(0.0))) && all(lessThanEqual(x, vec3(1.0)));
    if (!inside)
    {
        for (uint f = 0; f < FEATURES; ++f)
            outv[out_base + f] = 0.0;
        return;
    }

    uvec4 a = level_a[l];
    uvec4 b = level_b[l];
    float scale = uintBitsToFloat(b.x);
    bool use_hash = HASHED != 0 && b.y != 0;

    vec3 p = x * scale + 0.5;
    vec3 gf = floor(p);
    vec3 t = p - gf;
    uvec3 g = uvec3(gf);
    if (DIMS == 2)
    {
        g.z = 0;
        t.z = 0.0;
    }

    vec4 acc = vec4(0.0);
    uint corners = 1u << DIMS;
    // 4 or 8 corners: small enough that letting the compiler unroll is cheap and fast.
    for (uint c = 0; c < corners; ++c)
    {
        uvec3 bits = uvec3(c & 1u, (c >> 1) & 1u, (c >> 2) & 1u);
        vec3 w3 = mix(1.0 - t, t, notEqual(bits, uvec3(0))); // select, not a blend: exact
        float w = w3.x * w3.y;
        if (DIMS == 3)
            w *= w3.z;
        uint e = table_entry0 + a.x + grid_entry(g + bits, a.y, a.z, a.w, use_hash);
        uint base = e * FEATURES;
        acc.x += w * table[base];
        if (FEATURES > 1)
            acc.y += w * table[base + 1];
        if (FEATURES > 2)
        {
            acc.z += w * table[base + 2];
            acc.w += w * table[base + 3];
        }
    }

    outv[out_base] = acc.x;
    if (FEATURES > 1)
        outv[out_base + 1] = acc.y;
    if (FEATURES > 2)
    {
        outv[out_base + 2] = acc.z;
        outv[out_base + 3] = acc.w;
    }
}
