#version 450
#extension GL_EXT_control_flow_attributes : require
// render/head_color_in.comp — the colour MLP's input rows and the density of one chunk of head samples:
//   color_in[i] = [h[i][1 .. 1 + GEO) (geometry features), SH4(dir[ray_of[base + i]]) (16), latent (LAT)]
//   sigma[base + i] = exp(h[i][0])  (trunc-exp forward: exp, unclamped; +inf is a valid α = 1 downstream)
// SH4 is tiny-cuda-nn's real degree-4 basis, the constants of Kernels/Rendering/SphericalHarmonics.cs.
//
// One invocation per chunk-local sample i. Workgroup: 64 x 1 x 1. Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  SigmaOut { float h[]; }        N x (1 + GEO) raw sigma-MLP outputs (chunk-local).
//   1 storage  RayIndex { uint ray_of[]; }    M owning ray per sample (whole frame).
//   2 storage  Dirs     { float dirs[]; }     R x 3 unit ray directions.
//   3 storage  Frame    { float frame[]; }    per-frame vectors; the latent is LAT floats from latent_offset.
//   4 storage  ColorIn  { float cin[]; }      N x (GEO + 16 + LAT) (chunk-local).
//   5 storage  Sigma    { float sigma[]; }    M densities (whole frame, written at base + i).
// Push constants (24 bytes): uint n — chunk samples N; uint first — first i of this dispatch; uint base — global
//   index of the chunk's first sample; uint geo — GEO; uint lat — LAT; uint latent_offset.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer SigmaOut { float h[]; };
layout(std430, set = 0, binding = 1) readonly buffer RayIndex { uint ray_of[]; };
layout(std430, set = 0, binding = 2) readonly buffer Dirs { float dirs[]; };
layout(std430, set = 0, binding = 3) readonly buffer Frame { float frame[]; };
layout(std430, set = 0, binding = 4) writeonly buffer ColorIn { float cin[]; };
layout(std430, set = 0, binding = 5) writeonly buffer Sigma { float sigma[]; };

layout(push_constant) uniform Push { uint n; uint first; uint base; uint geo; uint lat; uint latent_offset; } pc;

const float C0 = 0.28209479177387814, C1 = 0.48860251190291987, C4 = 1.0925484305920792,
    C6a = 0.94617469575755997, C6b = 0.31539156525251999, C8 = 0.54627421529603959,
    C9 = 0.59004358992664352, C10 = 2.8906114426405538, C11 = 0.45704579946446572,
    C12 = 0.3731763325901154, C14 = 1.4453057213202769;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    uint hw = 1u + pc.geo;
    uint width = pc.geo + 16u + pc.lat;
    uint hb = i * hw, o = i * width;
    sigma[pc.base + i] = exp(h[hb]);
    [[dont_unroll]]
    for (uint k = 0; k < pc.geo; ++k)
        cin[o + k] = h[hb + 1u + k];
    o += pc.geo;

    uint r = ray_of[pc.base + i];
    float x = dirs[3 * r], y = dirs[3 * r + 1], z = dirs[3 * r + 2];
    float xy = x * y, xz = x * z, yz = y * z, x2 = x * x, y2 = y * y, z2 = z * z;
    cin[o + 0] = C0;
    cin[o + 1] = -C1 * y;
    cin[o + 2] = C1 * z;
    cin[o + 3] = -C1 * x;
    cin[o + 4] = C4 * xy;
    cin[o + 5] = -C4 * yz;
    cin[o + 6] = C6a * z2 - C6b;
    cin[o + 7] = -C4 * xz;
    cin[o + 8] = C8 * (x2 - y2);
    cin[o + 9] = C9 * y * (-3.0 * x2 + y2);
    cin[o + 10] = C10 * xy * z;
    cin[o + 11] = C11 * y * (1.0 - 5.0 * z2);
    cin[o + 12] = C12 * z * (5.0 * z2 - 3.0);
    cin[o + 13] = C11 * x * (1.0 - 5.0 * z2);
    cin[o + 14] = C14 * z * (x2 - y2);
    cin[o + 15] = C9 * x * (-x2 + 3.0 * y2);
    o += 16u;
    [[dont_unroll]]
    for (uint k = 0; k < pc.lat; ++k)
        cin[o + k] = frame[pc.latent_offset + k];
}
