#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_EXT_shader_atomic_float : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
// network/mlp_backward.comp — fused, bias-free MLP backward: one invocation recomputes one point's forward, keeps
// every layer's input activation, then backpropagates dL/d(outputs). Specification: FusedMlpBackwardReference (C#);
// with FILM = 1 (R2-Talker's FiLM after every hidden activation, one FiLM vector per dispatch as in
// network/mlp_forward.comp) FilmMlpBackward (C#).
//
// Workgroup: 64 x 1 x 1. Dispatch: (ceil(points in this dispatch / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Inputs     { float inp[]; }    N x IN_WIDTH, point-major.
//   1 storage  OutputGrad { float gout[]; }   dL/d(outputs), N x OUT_WIDTH, point-major.
//   2 uniform  Weights (std140) { uvec4 mlp_raw[4096]; }  the forward's 64 KiB 4x4-blocked weights (fp32 or fp16);
//              gradients are taken at exactly these (for fp16: rounded) weights, in fp32.
//   3 storage  WeightGrad { float gw[]; }     ParameterCount floats in the PUBLIC flat layout (layers back to back,
//              row-major [out][in]); sum over the batch ADDED with atomicAdd (the caller zeroes it).
//   4 storage  InputGrad  { float gin[]; }    N x IN_WIDTH, OVERWRITTEN with dL/d(inputs) when push flag bit 0 is
//              set; otherwise untouched (bind anything).
//   5 storage  Film       { float film[]; }   FILM = 1: the FiLM vector in its first 2 x HIDDEN_LAYERS x HIDDEN_WIDTH
//              floats (mlp_forward.comp's layout); FILM = 0: never read (bind anything).
//   6 storage  FilmGrad   { float gf[]; }     FILM = 1: dL/d(FiLM vector), same layout, sum over the batch ADDED with
//              atomicAdd (the caller zeroes it); FILM = 0: untouched (bind anything).
// Push constants (12 bytes): uint n — points N; uint first — first point of this dispatch; uint flags — bit 0:
//   write dL/d(inputs).
// Specialization constants: 0..7 exactly as network/mlp_forward.comp (IN_WIDTH, HIDDEN_WIDTH, HIDDEN_LAYERS,
//   OUT_WIDTH, HIDDEN_ACT, OUTPUT_ACT, WEIGHTS_FP16, ACT4), plus
//   8 ACTS  IN4 + HIDDEN_LAYERS * HID4: vec4s of the saved per-layer input activations.
//   9 FILM  0 plain, 1 FiLM (needs HIDDEN_LAYERS >= 1)
//   10 PRE  FILM = 1: HIDDEN_LAYERS * HID4, vec4s of the saved pre-FiLM activations; FILM = 0: 1
//
// Math: delta_last = G * act'(y); dW_k += delta_k (x) a_k; delta_{k-1} = (W_k^T delta_k) * act'(a_k), with
// ReLU'(.) = (activation > 0). With FiLM, layer k > 0's input is h_k = a * (1 + s) + t with a the pre-FiLM activation
// (kept apart: a negative shift can make h <= 0 where a > 0): g = W_k^T delta_k, ds += g * a, dt += g,
// delta_{k-1} = g * (1 + s) * act'(a); the FiLM gradients are reduced like the weight blocks. Weight-gradient reduction per 4x4 block: subgroupAdd over the subgroup, the
// subgroup leaders' partial sums meet in shared memory, and 16 invocations add the workgroup total to the global
// buffer with atomicAdd — ParameterCount / 64 atomics per point instead of ParameterCount. Atomic order is
// unspecified, so results match the reference to float rounding only.
// Uniform control flow: barriers sit inside the block loops, so no invocation returns early; invocations past N
// run with zero activations and a zero delta, contributing nothing.
// Compile-time note (lavapipe): private arrays are indexed by loop variables, so every loop over them is
// [[dont_unroll]]; only the 4x4 block arithmetic is straight-line.

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(constant_id = 0) const uint IN_WIDTH = 32;
layout(constant_id = 1) const uint HIDDEN_WIDTH = 64;
layout(constant_id = 2) const uint HIDDEN_LAYERS = 2;
layout(constant_id = 3) const uint OUT_WIDTH = 4;
layout(constant_id = 4) const uint HIDDEN_ACT = 1;
layout(constant_id = 5) const uint OUTPUT_ACT = 0;
layout(constant_id = 6) const uint WEIGHTS_FP16 = 0;
layout(constant_id = 7) const uint ACT4 = 16;
layout(constant_id = 8) const uint ACTS = 40;
layout(constant_id = 9) const uint FILM = 0;
layout(constant_id = 10) const uint PRE = 1;

layout(std430, set = 0, binding = 0) readonly buffer Inputs { float inp[]; };
layout(std430, set = 0, binding = 1) readonly buffer OutputGrad { float gout[]; };
layout(std140, set = 0, binding = 2) uniform Weights { uvec4 mlp_raw[4096]; };
layout(std430, set = 0, binding = 3) buffer WeightGrad { float gw[]; };
layout(std430, set = 0, binding = 4) writeonly buffer InputGrad { float gin[]; };
layout(std430, set = 0, binding = 5) readonly buffer Film { float film[]; };
layout(std430, set = 0, binding = 6) buffer FilmGrad { float gf[]; };

layout(push_constant) uniform Push { uint n; uint first; uint flags; } pc;

#include "common/mlp_weights.glsl"

const uint IN4 = (IN_WIDTH + 3) / 4;
const uint HID4 = (HIDDEN_WIDTH + 3) / 4;
const uint OUT4 = (OUT_WIDTH + 3) / 4;

// One vec4 column per (subgroup, column) of the block being reduced; 64 subgroups covers subgroup size 1.
shared vec4 s_partial[64 * 4];

// Adds the workgroup's sum of one 4x4 weight-gradient block (columns c0..c3 = d(W[4ob+r][4ib+c]) for r = lane)
// to gw. Every invocation of the workgroup must call this (it contains barriers).
void reduce_block(vec4 c0, vec4 c1, vec4 c2, vec4 c3, uint woff, uint in_w, uint out_w, uint ob, uint ib)
{
    c0 = subgroupAdd(c0);
    c1 = subgroupAdd(c1);
    c2 = subgroupAdd(c2);
    c3 = subgroupAdd(c3);
    if (subgroupElect())
    {
        uint s = gl_SubgroupID * 4;
        s_partial[s] = c0;
        s_partial[s + 1] = c1;
        s_partial[s + 2] = c2;
        s_partial[s + 3] = c3;
    }
    barrier();
    uint t = gl_LocalInvocationIndex;
    if (t < 16)
    {
        uint c = t >> 2, r = t & 3u;
        float sum = 0.0;
        [[dont_unroll]]
        for (uint s = 0; s < gl_NumSubgroups; ++s)
            sum += s_partial[s * 4 + c][r];
        uint o = 4 * ob + r, i = 4 * ib + c;
        if (o < out_w && i < in_w)
            atomicAdd(gw[woff + o * in_w + i], sum);
    }
    barrier();
}

// Four consecutive FiLM floats from base + k; lanes past the hidden width are 0.
vec4 film4(uint base, uint k)
{
    vec4 v = vec4(film[base + k], 0.0, 0.0, 0.0);
    if (k + 1 < HIDDEN_WIDTH) v.y = film[base + k + 1];
    if (k + 2 < HIDDEN_WIDTH) v.z = film[base + k + 2];
    if (k + 3 < HIDDEN_WIDTH) v.w = film[base + k + 3];
    return v;
}

// Adds the workgroup's sums of one 4-unit block of FiLM gradients (gs: scales, gt: shifts of units 4b .. 4b+3 of the
// hidden layer whose scales start at base) to gf. Every invocation must call this (it contains barriers).
void reduce_film(vec4 gs, vec4 gt, uint base, uint b)
{
    gs = subgroupAdd(gs);
    gt = subgroupAdd(gt);
    if (subgroupElect())
    {
        uint s = gl_SubgroupID * 4;
        s_partial[s] = gs;
        s_partial[s + 1] = gt;
    }
    barrier();
    uint t = gl_LocalInvocationIndex;
    if (t < 8)
    {
        uint c = t >> 2, r = t & 3u;
        float sum = 0.0;
        [[dont_unroll]]
        for (uint s = 0; s < gl_NumSubgroups; ++s)
            sum += s_partial[s * 4 + c][r];
        uint j = 4 * b + r;
        if (j < HIDDEN_WIDTH)
            atomicAdd(gf[base + c * HIDDEN_WIDTH + j], sum);
    }
    barrier();
}

void main()
{
    uint n = pc.first + gl_GlobalInvocationID.x;
    bool valid = n < pc.n;

    vec4 act[ACTS];       // layer k's input at act_base(k): [0, IN4) for layer 0, then HID4 per hidden layer
    vec4 dl[2 * ACT4];    // delta / back-propagated halves, swapped per layer (ACT4 >= every width in vec4s but OUT4)
    vec4 dout[OUT4];      // delta of the output layer
    vec4 pre[PRE];        // FILM: pre-FiLM activation of hidden layer l at l * HID4

    uint in_base = n * IN_WIDTH;
    [[dont_unroll]]
    for (uint i = 0; i < IN4; ++i)
    {
        uint k = 4 * i;
        vec4 v = vec4(0.0);
        if (valid)
        {
            v.x = inp[in_base + k];
            if (k + 1 < IN_WIDTH) v.y = inp[in_base + k + 1];
            if (k + 2 < IN_WIDTH) v.z = inp[in_base + k + 2];
            if (k + 3 < IN_WIDTH) v.w = inp[in_base + k + 3];
        }
        act[i] = v;
    }

    // Forward, saving every hidden activation.
    uint cur = 0, wb = 0, in4 = IN4;
    [[dont_unroll]]
    for (uint layer = 0; layer < HIDDEN_LAYERS; ++layer)
    {
        uint nxt = IN4 + layer * HID4;
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
                pre[layer * HID4 + o] = a;
                uint scale = 2 * layer * HIDDEN_WIDTH;
                a = a * (vec4(1.0) + film4(scale, 4 * o)) + film4(scale + HIDDEN_WIDTH, 4 * o);
            }
            act[nxt + o] = a;
        }
        wb += HID4 * in4;
        in4 = HID4;
        cur = nxt;
    }

    // Output layer and its delta.
    uint g_base = n * OUT_WIDTH;
    [[dont_unroll]]
    for (uint o = 0; o < OUT4; ++o)
    {
        vec4 acc = vec4(0.0);
        uint row = wb + o * in4;
        [[dont_unroll]]
        for (uint i = 0; i < in4; ++i)
            acc += mlp_weight_block(row + i) * act[cur + i];
        uint k = 4 * o;
        vec4 g = vec4(0.0);
        if (valid)
        {
            g.x = gout[g_base + k];
            if (k + 1 < OUT_WIDTH) g.y = gout[g_base + k + 1];
            if (k + 2 < OUT_WIDTH) g.z = gout[g_base + k + 2];
            if (k + 3 < OUT_WIDTH) g.w = gout[g_base + k + 3];
        }
        if (OUTPUT_ACT != 0)
            g = mix(vec4(0.0), g, greaterThan(acc, vec4(0.0)));
        dout[o] = g;
    }

    // Backward, last layer first. Layer k: input width in_w (in4 blocks) at act[a_base], output out4 blocks.
    bool want_in = (pc.flags & 1u) != 0;
    uint dcur = 0; // half of dl holding delta_k for hidden layers
    [[dont_unroll]]
    for (uint kk = 0; kk <= HIDDEN_LAYERS; ++kk)
    {
        uint k = HIDDEN_LAYERS - kk;
        bool last = k == HIDDEN_LAYERS;
        uint lin4 = k == 0 ? IN4 : HID4;
        uint lin_w = k == 0 ? IN_WIDTH : HIDDEN_WIDTH;
        uint lout4 = last ? OUT4 : HID4;
        uint lout_w = last ? OUT_WIDTH : HIDDEN_WIDTH;
        uint a_base = k == 0 ? 0 : IN4 + (k - 1) * HID4;
        // Weight offsets: block index and flat float index of layer k's first weight.
        uint wblk = k == 0 ? 0 : IN4 * HID4 + (k - 1) * HID4 * HID4;
        uint woff = k == 0 ? 0 : IN_WIDTH * HIDDEN_WIDTH + (k - 1) * HIDDEN_WIDTH * HIDDEN_WIDTH;
        uint dnxt = ACT4 - dcur;
        bool need_back = k > 0 || want_in;

        [[dont_unroll]]
        for (uint i = 0; i < lin4; ++i)
        {
            vec4 a = act[a_base + i];
            vec4 back = vec4(0.0);
            [[dont_unroll]]
            for (uint o = 0; o < lout4; ++o)
            {
                vec4 d = last ? dout[o] : dl[dcur + o];
                // Column c of block (o, i) holds dW[4o + r][4i + c] = d[r] * a[c].
                reduce_block(d * a.x, d * a.y, d * a.z, d * a.w, woff, lin_w, lout_w, o, i);
                if (need_back)
                    back += transpose(mlp_weight_block(wblk + o * lin4 + i)) * d;
            }
            if (k > 0)
            {
                if (FILM != 0)
                {
                    // back = dL/dh; h = a' * (1 + s) + t with a' the pre-FiLM activation, which carries the mask.
                    a = pre[(k - 1) * HID4 + i];
                    uint scale = 2 * (k - 1) * HIDDEN_WIDTH;
                    reduce_film(back * a, back, scale, i);
                    back *= vec4(1.0) + film4(scale, 4 * i);
                }
                // a = act(hidden pre-activation): ReLU' read off the stored activation.
                if (HIDDEN_ACT != 0)
                    back = mix(vec4(0.0), back, greaterThan(a, vec4(0.0)));
                dl[dnxt + i] = back;
            }
            else if (want_in && valid)
            {
                uint kx = 4 * i;
                gin[in_base + kx] = back.x;
                if (kx + 1 < IN_WIDTH) gin[in_base + kx + 1] = back.y;
                if (kx + 2 < IN_WIDTH) gin[in_base + kx + 2] = back.z;
                if (kx + 3 < IN_WIDTH) gin[in_base + kx + 3] = back.w;
            }
        }
        dcur = dnxt;
    }
}
