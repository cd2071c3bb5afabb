// common/subgroup_accumulate.glsl — adds one float per invocation into a small global accumulator with one atomic
// per subgroup instead of one per invocation (the per-frame gradients of the audio code and latent receive a
// contribution from every sample: M atomics on the same ~100 addresses serialise badly on a GPU).
// The including shader declares `float gfr[]` in a storage buffer and enables GL_KHR_shader_subgroup_arithmetic and
// GL_EXT_shader_atomic_float. Every invocation of the subgroup must call it (uniform control flow): invocations with
// nothing to add pass 0.
void accumulate(uint dst, float value)
{
    float sum = subgroupAdd(value);
    if (subgroupElect())
        atomicAdd(gfr[dst], sum);
}
