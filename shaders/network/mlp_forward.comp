#version 450
#extension GL_EXT_control_flow_attributes : require
// network/mlp_forward.comp — fused, bias-free MLP forward: one invocation carries one point through every layer,
// optionally FiLM-modulated (R2-Talker's conditioning, docs/design/r2talker.md): after each hidden activation
// a = act(W h), h_next = a * (1 + scale_l) + shift_l, with one FiLM vector shared by every point of the dispatch (at
// render time all samples of a dispatch belong to one frame). Specification: FusedMlpReference (FILM = 0) and
// FilmMlpReference (FILM = 1) in firmware-host/EdgeAvatar.Kernels/Networks.
//
// Workgroup: 64 x 1 x 1. Dispatch: (ceil(points in this dispatch / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Inputs  { float inp[]; }   N x IN_WIDTH, point-major.
//   1 storage  Outputs { float outp[]; }  N x OUT_WIDTH, point-major.
//   2 uniform  Weights (std140) { uvec4 mlp_raw[4096]; }  exactly 64 KiB bound; layers back to back, each layer a
//              row-major grid [ceil(out/4)][ceil(in/4)] of 4x4 blocks (see common/mlp_weights.glsl), zero padded.
//              Layer k (k = 0 .. HIDDEN_LAYERS) maps width in_k → out_k: in_0 = IN_WIDTH, out_k = HIDDEN_WIDTH for
//              k < HIDDEN_LAYERS, out_last = OUT_WIDTH, in_k = HIDDEN_WIDTH for k > 0.
//   3 storage  Film    { float film[]; }  FILM = 1: the frame's FiLM vector in its first 2 x HIDDEN_LAYERS x
//              HIDDEN_WIDTH floats (H = HIDDEN_WIDTH): for hidden layer l the H scales at 2lH, then the H shifts at
//              (2l + 1)H; floats after those are ignored (the renderer binds its whole frame buffer, whose code slot
//              comes first). FILM = 0: never read (the host binds Inputs there).
// Push constants (8 bytes): uint n — number of points N; uint first — point index of this dispatch's first
//   invocation (the host splits N into several dispatches when ceil(N / 64) exceeds the workgroup-count limit).
// Specialization constants:
//   0 IN_WIDTH      1..128
//   1 HIDDEN_WIDTH  1..64
//   2 HIDDEN_LAYERS 0..8 (linear layers = HIDDEN_LAYERS + 1)
//   3 OUT_WIDTH     1..128
//   4 HIDDEN_ACT    0 none, 1 ReLU   (after every hidden layer)
//   5 OUTPUT_ACT    0 none, 1 ReLU   (after the last layer)
//   6 WEIGHTS_FP16  0 fp32 blocks, 1 fp16 blocks (math stays fp32)
//   7 ACT4          max(ceil(IN_WIDTH / 4), ceil(HIDDEN_WIDTH / 4)): size of one activation half-buffer in vec4s
//   8 FILM          0 plain MLP, 1 FiLM after every hidden activation (needs HIDDEN_LAYERS >= 1)
//
// Compile-time note (lavapipe): activations live in a private vec4 array indexed by loop variables, so every loop
// touching it is [[dont_unroll]]; only the 4x4 block product (mat4 * vec4) is straight-line code.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(constant_id = 0) const uint IN_WIDTH = 32;
layout(constant_id = 1) const uint HIDDEN_WIDTH = 64;
layout(constant_id = 2) const uint HIDDEN_LAYERS = 2;
layout(constant_id = 3) const uint OUT_WIDTH = 4;
layout(constant_id = 4) const uint HIDDEN_ACT = 1;
layout(constant_id = 5) const uint OUTPUT_ACT = 0;
layout(constant_id = 6) const uint WEIGHTS_FP16 = 0;
layout(constant_id = 7) const uint ACT4 = 16;
layout(constant_id = 8) const uint FILM = 0;

layout(std430, set = 0, binding = 0) readonly buffer Inputs { float inp[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Outputs { float outp[]; };
layout(std140, set = 0, binding = 2) uniform Weights { uvec4 mlp_raw[4096]; };
layout(std430, set = 0, binding = 3) readonly buffer Film { float film[]; };

layout(push_constant) uniform Push { uint n; uint first; } pc;

#include "common/mlp_weights.glsl"

const uint IN4 = (IN_WIDTH + 3) / 4;
const uint HID4 = (HIDDEN_WIDTH + 3) / 4;
const uint OUT4 = (OUT_WIDTH + 3) / 4;

// Four consecutive FiLM floats from base + k; lanes past the hidden width stay 0, so padded activations stay 0.
vec4 film4(uint base, uint k)
{
    vec4 v = vec4(film[base + k], 0.0, 0.0, 0.0);
    if (k + 1 < HIDDEN_WIDTH) v.y = film[base + k + 1];
    if (k + 2 < HIDDEN_WIDTH) v.z = film[base + k + 2];
    if (k + 3 < HIDDEN_WIDTH) v.w = film[base + k + 3];
    return v;
}

void main()
{
    uint n = pc.first + gl_GlobalInvocationID.x;
    if (n >= pc.n)
        return;

    // Two halves [0, ACT4) and [ACT4, 2 * ACT4): a layer reads one and writes the other.
    vec4 act[2 * ACT4];

    uint in_base = n * IN_WIDTH;
    [[dont_unroll]]
    for (uint i = 0; i < IN4; ++i)
    {
        uint k = 4 * i;
        vec4 v = vec4(inp[in_base + k], 0.0, 0.0, 0.0);
        if (k + 1 < IN_WIDTH) v.y = inp[in_base + k + 1];
        if (k + 2 < IN_WIDTH) v.z = inp[in_base + k + 2];
        if (k + 3 < IN_WIDTH) v.w = inp[in_base + k + 3];
        act[i] = v;
    }

    uint cur = 0;      // half holding this layer's input
    uint wb = 0;       // first weight block of this layer
    uint in4 = IN4;    // input width of this layer in vec4s

    [[dont_unroll]]
    for (uint layer = 0; layer < HIDDEN_LAYERS; ++layer)
    {
        uint nxt = ACT4 - cur;
        [[dont_unroll]]
        for (uint o = 0; o < HID4; ++o)
        {
            vec4 acc = vec4(0.0);
            uint row = wb + o * in4;
            [[dont_unroll]]
            for (uint i = 0; i < in4; ++i)
                acc += mlp_weight_block(row + i) * act[cur + i];
            vec4 a = HIDDEN_ACT != 0 ? max(acc, vec4(0.0)) : acc;
            if (FILM != 0)
            {
                uint scale = 2 * layer * HIDDEN_WIDTH;
                a = a * (vec4(1.0) + film4(scale, 4 * o)) + film4(scale + HIDDEN_WIDTH, 4 * o);
            }
            act[nxt + o] = a;
        }
        wb += HID4 * in4;
        in4 = HID4;
        cur = nxt;
    }

    uint out_base = n * OUT_WIDTH;
    [[dont_unroll]]
    for (uint o = 0; o < OUT4; ++o)
    {
        vec4 acc = vec4(0.0);
        uint row = wb + o * in4;
        [[dont_unroll]]
        for (uint i = 0; i < in4; ++i)
            acc += mlp_weight_block(row + i) * act[cur + i];
        if (OUTPUT_ACT != 0)
            acc = max(acc, vec4(0.0));
        uint k = 4 * o;
        outp[out_base + k] = acc.x;
        if (k + 1 < OUT_WIDTH) outp[out_base + k + 1] = acc.y;
        if (k + 2 < OUT_WIDTH) outp[out_base + k + 2] = acc.z;
        if (k + 3 < OUT_WIDTH) outp[out_base + k + 3] = acc.w;
    }
}
