#version 450
#extension GL_EXT_control_flow_attributes : require
// render/head_attention_in.comp — an ernerf head's sigma-MLP input rows (ER-NeRF's region attention; C# reference:
// EdgeAvatar.Render.ErNerf.RegionAttention, then HeadField's row [s, a ⊙ α, e ⊙ β]):
//   sigma_in[i] = [spatial[i] (S), α[i] ⊙ audio (A), sigmoid(z[i]) · eye]
// where α is the audio attention MLP's raw output (no activation, as in ER-NeRF's released code), z the eye attention
// MLP's logit, and audio/eye the frame's vectors. Both MLPs ran on spatial[i] through network/mlp_forward.comp.
//
// One invocation per chunk-local sample i. Workgroup: 64 x 1 x 1. Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Spatial  { float sp[]; }    N x S tri-plane features.
//   1 storage  Alpha    { float alpha[]; } N x A audio attention.
//   2 storage  EyeLogit { float z[]; }     N x 1 eye attention logits.
//   3 storage  Frame    { float frame[]; } per-frame vectors: A audio floats from audio_offset, eye at eye_offset.
//   4 storage  SigmaIn  { float sin_[]; }  N x (S + A + 1).
// Push constants (24 bytes): uint n — chunk samples N; uint first — first i of this dispatch; uint s — S;
//   uint a — A; uint audio_offset; uint eye_offset.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer Spatial { float sp[]; };
layout(std430, set = 0, binding = 1) readonly buffer Alpha { float alpha[]; };
layout(std430, set = 0, binding = 2) readonly buffer EyeLogit { float z[]; };
layout(std430, set = 0, binding = 3) readonly buffer Frame { float frame[]; };
layout(std430, set = 0, binding = 4) writeonly buffer SigmaIn { float sin_[]; };

layout(push_constant) uniform Push { uint n; uint first; uint s; uint a; uint audio_offset; uint eye_offset; } pc;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    uint o = i * (pc.s + pc.a + 1u);
    [[dont_unroll]]
    for (uint k = 0; k < pc.s; ++k)
        sin_[o + k] = sp[i * pc.s + k];
    o += pc.s;
    [[dont_unroll]]
    for (uint k = 0; k < pc.a; ++k)
        sin_[o + k] = frame[pc.audio_offset + k] * alpha[i * pc.a + k];
    float beta = 1.0 / (1.0 + exp(-z[i]));
    sin_[o + pc.a] = frame[pc.eye_offset] * beta;
}
