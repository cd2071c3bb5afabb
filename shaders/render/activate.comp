#version 450
// render/activate.comp — element-wise output activations, optionally grouped, strided and offset:
//   dst[dst_base + i] = f(src[src_base + (i / group) * stride + i % group])   for i < n (elements, not points).
// group = 1 reads every stride-th float; group = 2, stride = 3 reads the first two of every 3 (the gated head's
// ambient output [u0, u1, gate] → the 2-D coordinate).
// MODE (push constant): 0 → 0.5 · (tanh(x) + 1)  (ambient MLP output → 2-D grid coordinate in [0, 1]),
//                       1 → exp(x)                (trunc-exp density forward, unclamped),
//                       2 → 1 / (1 + exp(−x))     (sigmoid colour).
//
// One invocation per element. Workgroup: 64 x 1 x 1. Dispatch: (ceil(elements / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Src { float src[]; }
//   1 storage  Dst { float dst[]; }
// Push constants (28 bytes): uint n — elements; uint first — first element of this dispatch; uint src_base;
//   uint stride (in floats, ≥ group); uint dst_base; uint mode; uint group (≥ 1).

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer Src { float src[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Dst { float dst[]; };

layout(push_constant) uniform Push { uint n; uint first; uint src_base; uint stride; uint dst_base; uint mode; uint group; } pc;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.n)
        return;
    float x = src[pc.src_base + (i / pc.group) * pc.stride + i % pc.group];
    float y;
    if (pc.mode == 0u)
    {
        // tanh via exp(−2|x|) ∈ (0, 1]: finite for every x (a naive (e^2x − 1)/(e^2x + 1) gives inf/inf = NaN).
        float e = exp(-2.0 * abs(x));
        y = 0.5 * (sign(x) * (1.0 - e) / (1.0 + e) + 1.0);
    }
    else if (pc.mode == 1u)
        y = exp(x);
    else
        y = 1.0 / (1.0 + exp(-x));
    dst[pc.dst_base + i] = y;
}
