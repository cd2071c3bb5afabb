#version 450
// render/torso_warp.comp — the torso's deformation output → 2-D grid positions for one chunk of torso pixels
// (TorsoModel.DeformChunk): offset = scale · tanh(raw), position = (clamp(coord + offset, −1, 1) + 1) · 0.5.
//
// One invocation per chunk-local pixel i. Workgroup: 64 x 1 x 1. Dispatch: (ceil(pixels / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Raw       { float raw[]; }   N x 2 raw deformation-MLP outputs (chunk-local).
//   1 storage  Coords    { float coords[]; } P x 2 pixel coordinates in [−1, 1] of the whole torso region
//                                             (read at base + i; uploaded once per model).
//   2 storage  Positions { float pos[]; }   N x 2 grid positions in [0, 1] (chunk-local).
// Push constants (16 bytes): uint n — chunk pixels N; uint first — first i of this dispatch; uint base — region
//   index of the chunk's first pixel; float scale — TorsoConfig.DeformScale.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer Raw { float raw[]; };
layout(std430, set = 0, binding = 1) readonly buffer Coords { float coords[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Positions { float pos[]; };

layout(push_constant) uniform Push { uint n; uint first; uint base; float scale; } pc;

float stable_tanh(float x)
{
    // exp(−2|x|) ∈ (0, 1] keeps every x finite (the naive ratio of exponentials overflows to NaN).
    float e = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e) / (1.0 + e);
}

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    uint p = pc.base + i;
    for (uint d = 0; d < 2u; ++d)
    {
        float offset = pc.scale * stable_tanh(raw[2 * i + d]);
        pos[2 * i + d] = (clamp(coords[2 * p + d] + offset, -1.0, 1.0) + 1.0) * 0.5;
    }
}
