// common/mlp_weights.glsl — reading one 4x4 weight block of a fused MLP from the Weights uniform block.
//
// Requires, before inclusion: `layout(constant_id = ...) const uint WEIGHTS_FP16` and a uniform block exposing
// `uvec4 mlp_raw[4096]` (64 KiB, the guaranteed minimum of maxUniformBufferRange on the devices we target).
//
// Block b holds W[4*ob + r][4*ib + c] (r, c in 0..3) as a column-major mat4 M with M[c][r] = W[...], so that
// M * x_block accumulates 4 outputs from 4 inputs. Rows/columns beyond the true widths are zero (host padding).
//   fp32: block b = mlp_raw[4b .. 4b+3], each uvec4 one column of float bits.
//   fp16: block b = mlp_raw[2b .. 2b+1]; 16 halves, two per uint (element 2k in the low half of uint k),
//         column c = halves 4c .. 4c+3.
#ifndef EDGEAVATAR_MLP_WEIGHTS_GLSL
#define EDGEAVATAR_MLP_WEIGHTS_GLSL

mat4 mlp_weight_block(uint b)
{
    if (WEIGHTS_FP16 != 0)
    {
        uvec4 q0 = mlp_raw[2 * b];
        uvec4 q1 = mlp_raw[2 * b + 1];
        return mat4(vec4(unpackHalf2x16(q0.x), unpackHalf2x16(q0.y)),
                    vec4(unpackHalf2x16(q0.z), unpackHalf2x16(q0.w)),
                    vec4(unpackHalf2x16(q1.x), unpackHalf2x16(q1.y)),
                    vec4(unpackHalf2x16(q1.z), unpackHalf2x16(q1.w)));
    }
    return mat4(uintBitsToFloat(mlp_raw[4 * b]), uintBitsToFloat(mlp_raw[4 * b + 1]),
                uintBitsToFloat(mlp_raw[4 * b + 2]), uintBitsToFloat(mlp_raw[4 * b + 3]));
}

#endif
