#version 450
#extension GL_EXT_control_flow_attributes : require
// render/composite_rays.comp — front-to-back volume compositing per ray (Kernels/Rendering/VolumeCompositor's
// forward): α_i = 1 − exp(−σ_i·dt), w_i = T_i·α_i, C = Σ w_i·rgb_i (premultiplied), W = Σ w_i, T *= 1 − α_i, and the
// ray stops after the sample that takes T below the cutoff (RAD-NeRF's 1e-4). dt is the marcher's constant step.
//
// One invocation per ray r. Workgroup: 64 x 1 x 1. Dispatch: (ceil(rays / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Offsets { uint offsets[]; }  R + 1 prefix offsets: ray r owns samples [offsets[r], offsets[r + 1]).
//   1 storage  Sigma   { float sigma[]; }   M densities (activated).
//   2 storage  Rgb     { float rgb[]; }     M x 3 colours in (0, 1).
//   3 storage  Color   { float color[]; }   R x 3 premultiplied ray colours.
//   4 storage  Opacity { float opacity[]; } R accumulated weights W.
// Push constants (16 bytes): uint n — rays R; uint first — first ray of this dispatch; float dt; float threshold.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer Offsets { uint offsets[]; };
layout(std430, set = 0, binding = 1) readonly buffer Sigma { float sigma[]; };
layout(std430, set = 0, binding = 2) readonly buffer Rgb { float rgb[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Color { float color[]; };
layout(std430, set = 0, binding = 4) writeonly buffer Opacity { float opacity[]; };

layout(push_constant) uniform Push { uint n; uint first; float dt; float threshold; } pc;

void main()
{
    uint r = pc.first + gl_GlobalInvocationID.x;
    if (r >= pc.n)
        return;
    float T = 1.0, cr = 0.0, cg = 0.0, cb = 0.0, ws = 0.0;
    uint last = offsets[r + 1];
    [[dont_unroll]]
    for (uint i = offsets[r]; i < last; ++i)
    {
        float alpha = 1.0 - exp(-sigma[i] * pc.dt);
        float w = T * alpha;
        cr += w * rgb[3 * i]; cg += w * rgb[3 * i + 1]; cb += w * rgb[3 * i + 2];
        ws += w;
        T *= 1.0 - alpha;
        if (T < pc.threshold)
            break;
    }
    color[3 * r] = cr; color[3 * r + 1] = cg; color[3 * r + 2] = cb;
    opacity[r] = ws;
}
