#version 450
#extension GL_EXT_control_flow_attributes : require
// render/ray_march.comp — camera rays over the head ROI and occupancy-pruned marching through the head box, in two
// passes over the same walk (the GPU twin of Kernels/Rendering/RayMarcher.cs + RayGenerator.Roi; every float
// operation is `precise` and in the C# order so GPU and CPU emit the same samples).
//
// One invocation per ray r of the ROI (row-major: pixel (x0 + r % w, y0 + r / w)).
// Workgroup: 64 x 1 x 1. Dispatch: (ceil(rays in this dispatch / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  March     camera + box + grid parameters of this frame (layout below, 11 x 16 bytes).
//   1 storage  Bits      { uint bits[]; }     occupancy bitfield, cell i = bit (i & 31) of word (i >> 5),
//                                             cell index x + R (y + R z) (OccupancyGrid's layout).
//   2 storage  Dirs      { float dirs[]; }    R x 3 unit ray directions (PASS 0 writes, PASS 1 reads).
//   3 storage  Counts    { uint counts[]; }   R samples per ray (PASS 0 writes).
//   4 storage  Starts    { float starts[]; }  R: t of each ray's first sample (PASS 0 writes, PASS 1 resumes there).
//   5 storage  Offsets   { uint offsets[]; }  R + 1 exclusive prefix sums of Counts, clamped to the sample buffers'
//                                             capacity (PASS 1 reads; sample_scan.comp computes them). PASS 1 writes
//                                             ray r's samples only below offsets[r + 1], so an overflowing frame stays
//                                             inside the buffers (and is rendered again with larger ones).
//   6 storage  Positions { float pos[]; }     M x 3 world sample positions (PASS 1 writes).
//   7 storage  RayIndex  { uint ray_of[]; }   M owning ray per sample (PASS 1 writes).
// Push constants (8 bytes): uint n — rays R; uint first — first ray of this dispatch.
// Specialization constants: 0 PASS — 0 count, 1 write.
//
// Invariants (as RayMarcher): samples inside the box (positions clamped), in occupied cells, at most MAX_STEPS per
// ray, t strictly increasing, constant dt = step. Sample order: grouped by ray in ray order.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(constant_id = 0) const uint PASS = 0;

layout(std430, set = 0, binding = 0) readonly buffer March
{
    vec4 origin_near;   // camera centre, min_near
    vec4 axis_x_fx;     // camera x axis (world), fx
    vec4 axis_y_fy;     // camera y axis (world), fy
    vec4 axis_z_cx;     // camera z axis (world), cx
    vec4 box_min_cy;    // marching box min, cy
    vec4 box_max_step;  // marching box max, step dt
    vec4 grid_min;      // occupancy grid bounds min (xyz)
    vec4 grid_cell;     // cell size per axis (xyz)
    vec4 grid_inv_cell; // 1 / cell size, computed on the host exactly as the C# marcher does
    uvec4 roi;          // x0, y0, w, h
    uvec4 misc;         // grid resolution, max steps, 0, 0
} mp;
layout(std430, set = 0, binding = 1) readonly buffer Bits { uint bits[]; };
layout(std430, set = 0, binding = 2) buffer Dirs { float dirs[]; };
layout(std430, set = 0, binding = 3) buffer Counts { uint counts[]; };
layout(std430, set = 0, binding = 4) buffer Starts { float starts[]; };
layout(std430, set = 0, binding = 5) readonly buffer Offsets { uint offsets[]; };
layout(std430, set = 0, binding = 6) buffer Positions { float pos[]; };
layout(std430, set = 0, binding = 7) buffer RayIndex { uint ray_of[]; };

layout(push_constant) uniform Push { uint n; uint first; } pc;

// +inf, built at run time (GLSL has no float infinity literal for a global const).
#define INF uintBitsToFloat(0x7f800000u)

// Aabb.Slab: narrows [lo, hi] by one axis; a zero direction component hits only from inside the slab.
bool slab(float o, float d, float mn, float mx, inout float lo, inout float hi)
{
    if (d == 0.0)
        return o >= mn && o <= mx;
    precise float inv = 1.0 / d;
    precise float t0 = (mn - o) * inv;
    precise float t1 = (mx - o) * inv;
    if (t0 > t1) { float s = t0; t0 = t1; t1 = s; }
    if (t0 > lo) lo = t0;
    if (t1 < hi) hi = t1;
    return true;
}

void main()
{
    uint r = pc.first + gl_GlobalInvocationID.x;
    if (r >= pc.n)
        return;

    vec3 o = mp.origin_near.xyz;
    precise vec3 d;
    if (PASS == 0)
    {
        // PinholeCamera.Direction at the pixel centre, then Vector3.Normalize (d / |d|).
        uint w = mp.roi.z;
        precise float u = float(mp.roi.x + r % w) + 0.5;
        precise float v = float(mp.roi.y + r / w) + 0.5;
        precise float xc = (u - mp.axis_z_cx.w) / mp.axis_x_fx.w;
        precise float yc = -((v - mp.box_min_cy.w) / mp.axis_y_fy.w);
        precise vec3 raw = xc * mp.axis_x_fx.xyz + yc * mp.axis_y_fy.xyz - mp.axis_z_cx.xyz;
        precise float len2 = (raw.x * raw.x + raw.y * raw.y) + raw.z * raw.z;
        precise float len = sqrt(len2);
        d = raw / len;
        dirs[3 * r] = d.x; dirs[3 * r + 1] = d.y; dirs[3 * r + 2] = d.z;
    }
    else
    {
        if (counts[r] == 0u)
            return;
        d = vec3(dirs[3 * r], dirs[3 * r + 1], dirs[3 * r + 2]);
    }

    vec3 bmin = mp.box_min_cy.xyz, bmax = mp.box_max_step.xyz;
    float lo = mp.origin_near.w, hi = INF;
    bool hit = slab(o.x, d.x, bmin.x, bmax.x, lo, hi) && slab(o.y, d.y, bmin.y, bmax.y, lo, hi)
        && slab(o.z, d.z, bmin.z, bmax.z, lo, hi) && lo < hi;
    if (!hit)
    {
        if (PASS == 0) { counts[r] = 0u; starts[r] = 0.0; }
        return;
    }
    float t_far = hi;
    float dt = mp.box_max_step.w;
    uint max_steps = mp.misc.y;
    int res = int(mp.misc.x);
    vec3 gmin = mp.grid_min.xyz, cell = mp.grid_cell.xyz, inv_cell = mp.grid_inv_cell.xyz;
    vec3 upper = vec3(d.x > 0.0 ? 1.0 : 0.0, d.y > 0.0 ? 1.0 : 0.0, d.z > 0.0 ? 1.0 : 0.0);
    precise vec3 inv_d = vec3(1.0) / d;

    precise float t = PASS == 0 ? lo : starts[r];
    uint count = 0u;
    uint base = PASS == 0 ? 0u : offsets[r];
    uint end = PASS == 0 ? 0u : offsets[r + 1];
    float first_t = 0.0;
    [[dont_unroll]]
    while (t < t_far && count < max_steps)
    {
        precise vec3 p = clamp(o + t * d, bmin, bmax);
        precise vec3 f = (p - gmin) * inv_cell;
        int ix = min(int(f.x), res - 1), iy = min(int(f.y), res - 1), iz = min(int(f.z), res - 1);
        uint idx = uint(ix + res * (iy + res * iz));
        if (((bits[idx >> 5] >> (idx & 31u)) & 1u) != 0u)
        {
            if (PASS == 0)
            {
                if (count == 0u) first_t = t;
            }
            else
            {
                uint s = base + count;
                if (s < end)
                {
                    ray_of[s] = r;
                    pos[3 * s] = p.x; pos[3 * s + 1] = p.y; pos[3 * s + 2] = p.z;
                }
            }
            count++;
            t += dt;
        }
        else
        {
            // Exit distance of this empty cell, then whole steps past it (stays on the lattice).
            precise vec3 face = gmin + (vec3(ix, iy, iz) + upper) * cell;
            precise float ex = d.x != 0.0 ? (face.x - p.x) * inv_d.x : INF;
            precise float ey = d.y != 0.0 ? (face.y - p.y) * inv_d.y : INF;
            precise float ez = d.z != 0.0 ? (face.z - p.z) * inv_d.z : INF;
            precise float ex_min = max(0.0, min(ex, min(ey, ez)));
            precise float k = max(1.0, ceil(ex_min / dt));
            t += k * dt;
        }
    }
    if (PASS == 0)
    {
        counts[r] = count;
        starts[r] = first_t;
    }
}
