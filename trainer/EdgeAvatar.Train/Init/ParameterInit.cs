namespace EdgeAvatar.Train.Init;

/// <summary>
/// Deterministic uniform initialisation shared by the audio networks and the torso. A SplitMix64 stream keyed by
/// (seed, stream) is used instead of <see cref="Random"/> so the values are fixed by this code alone, not by the
/// runtime's generator, and each tensor gets an independent stream (changing one layer's size does not shift the
/// values of the others).
/// </summary>
public static class ParameterInit
{
    /// <summary>Fills <paramref name="target"/> with U(−bound, bound) drawn from stream (seed, stream).</summary>
    public static void Uniform(Span<float> target, float bound, int seed, int stream)
    {
        ulong state = unchecked(((ulong)(uint)seed << 32) ^ (ulong)(uint)stream * 0x9E3779B97F4A7C15UL ^ 0xD1B54A32D192ED03UL);
        for (int i = 0; i < target.Length; i++)
        {
            ulong z = NextSplitMix(ref state);
            // Top 24 bits → [0, 1) exactly representable in float, then affine to [−bound, bound).
            float u = (z >> 40) * (1f / (1 << 24));
            target[i] = (2f * u - 1f) * bound;
        }
    }

    /// <summary>PyTorch's default nn.Linear / nn.Conv1d init: weights and biases U(−1/√fanIn, 1/√fanIn).</summary>
    public static float TorchDefaultBound(int fanIn) => 1f / MathF.Sqrt(fanIn);

    /// <summary>
    /// He (Kaiming) uniform bound for a layer followed by LeakyReLU(slope): U(±√(6 / ((1 + slope²)·fanIn))) keeps the
    /// activations' variance from layer to layer; slope = 1 is the bound for a linear output layer.
    /// </summary>
    public static float HeUniformBound(int fanIn, float slope) => MathF.Sqrt(6f / ((1f + slope * slope) * fanIn));

    private static ulong NextSplitMix(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
