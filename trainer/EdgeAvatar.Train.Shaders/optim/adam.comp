#version 450
// optim/adam.comp — one Adam step (PyTorch torch.optim.Adam, L2 weight decay added to the gradient) over one
// parameter group, a contiguous range of a flat fp32 parameter buffer. Specification: AdamReference (C#).
//
// One invocation per parameter of the group. Dispatch: (ceil(count / 256), 1, 1) (the host splits larger groups).
// Workgroup: 256 x 1 x 1.
//
// Bindings (set 0), all fp32, same length P (parameters of every group):
//   0 storage  Params { float param[]; }  updated in place.
//   1 storage  Grads  { float grad[]; }   dL/d(param); read only (the caller zeroes it for the next step).
//   2 storage  M      { float m[]; }      first moment, zero before step 1; updated in place.
//   3 storage  V      { float v[]; }      second moment, zero before step 1; updated in place.
// Push constants (36 bytes): uint first — first parameter of this dispatch; uint end — one past the group's last;
//   float step_size = lr / (1 - beta1^t); float inv_sqrt_bias2 = 1 / sqrt(1 - beta2^t) (both from the host in
//   float64); float beta1, beta2, epsilon, weight_decay; uint pad (0).
// Specialization constants: none.
//
// Update (the C# reference's exact float operations; `precise` forbids FMA contraction so rounding matches):
//   g = grad + wd * p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g*g; p -= step_size * (m / (sqrt(v) * inv_sqrt_bias2 + eps)).

layout(local_size_x = 256, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) buffer Params { float param[]; };
layout(std430, set = 0, binding = 1) readonly buffer Grads { float grad[]; };
layout(std430, set = 0, binding = 2) buffer M { float m[]; };
layout(std430, set = 0, binding = 3) buffer V { float v[]; };

layout(push_constant) uniform Push
{
    uint first;
    uint end;
    float step_size;
    float inv_sqrt_bias2;
    float beta1;
    float beta2;
    float epsilon;
    float weight_decay;
    uint pad;
} pc;

void main()
{
    uint i = pc.first + gl_GlobalInvocationID.x;
    if (i >= pc.end)
        return;
    float p = param[i];
    precise float g = grad[i] + pc.weight_decay * p;
    precise float mi = pc.beta1 * m[i] + (1.0 - pc.beta1) * g;
    precise float vi = pc.beta2 * v[i] + (1.0 - pc.beta2) * (g * g);
    m[i] = mi;
    v[i] = vi;
    precise float denom = sqrt(vi) * pc.inv_sqrt_bias2 + pc.epsilon;
    precise float pn = p - pc.step_size * (mi / denom);
    param[i] = pn;
}
