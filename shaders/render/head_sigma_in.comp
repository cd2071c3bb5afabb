#version 450
#extension GL_EXT_control_flow_attributes : require
// render/head_sigma_in.comp — the gated head's sigma-MLP input rows (HeadModelConfig.AudioGate):
//   sigma_in[i] = [spatial[i] (S), ambient[i] (Q), γ_i · audio (A), eye]   with γ_i = sigmoid(u[i][2])
// where u is the ambient MLP's raw output (N x 3: coordinate pre-activations, gate pre-activation) and audio/eye
// are the frame's vectors. An ungated head builds [spatial, ambient, eye] with concat_rows.comp instead.
//
// One invocation per chunk-local sample i. Workgroup: 64 x 1 x 1. Dispatch: (ceil(points / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Spatial    { float sp[]; }    N x S spatial grid features.
//   1 storage  Ambient    { float amb[]; }   N x Q ambient grid features.
//   2 storage  AmbientOut { float u[]; }     N x 3 raw ambient MLP outputs.
//   3 storage  Frame      { float frame[]; } per-frame vectors: A audio floats from audio_offset, eye at eye_offset.
//   4 storage  SigmaIn    { float sin_[]; }  N x (S + Q + A + 1).
// Push constants (28 bytes): uint n — chunk samples N; uint first — first i of this dispatch; uint s — S;
//   uint q — Q; uint a — A; uint audio_offset; uint eye_offset.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer Spatial { float sp[]; };
layout(std430, set = 0, binding = 1) readonly buffer Ambient { float amb[]; };
layout(std430, set = 0, binding = 2) readonly buffer AmbientOut { float u[]; };
layout(std430, set = 0, binding = 3) readonly buffer Frame { float frame[]; };
layout(std430, set = 0, binding = 4) writeonly buffer SigmaIn { float sin_[]; };

layout(push_constant) uniform Push { uint n; uint first; uint s; uint q; uint a; uint audio_offset; uint eye_offset; } pc;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    uint o = i * (pc.s + pc.q + pc.a + 1u);
    [[dont_unroll]]
    for (uint k = 0; k < pc.s; ++k)
        sin_[o + k] = sp[i * pc.s + k];
    o += pc.s;
    [[dont_unroll]]
    for (uint k = 0; k < pc.q; ++k)
        sin_[o + k] = amb[i * pc.q + k];
    o += pc.q;
    float gate = 1.0 / (1.0 + exp(-u[3u * i + 2u]));
    [[dont_unroll]]
    for (uint k = 0; k < pc.a; ++k)
        sin_[o + k] = gate * frame[pc.audio_offset + k];
    sin_[o + pc.a] = frame[pc.eye_offset];
}
