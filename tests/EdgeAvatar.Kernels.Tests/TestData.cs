namespace EdgeAvatar.Kernels.Tests;

/// <summary>Deterministic inputs for the kernel tests (fixed seeds so a failure reproduces).</summary>
internal static class TestData
{
    public static float[] Uniform(int count, float min, float max, int seed)
    {
        var rng = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = min + (max - min) * rng.NextSingle();
        return values;
    }

    /// <summary>
    /// Random points in [0, 1]^dims plus the awkward ones: the corners 0 and 1, and points lying exactly on cell
    /// boundaries of every level (x = k / scale_l − 0.5 / scale_l puts x·s + 0.5 on an integer).
    /// </summary>
    public static float[] GridPositions(int randomCount, int dims, IEnumerable<float> scales, int seed)
    {
        var values = new List<float>(Uniform(randomCount * dims, 0f, 1f, seed));
        for (int d = 0; d < dims; d++)
            values.Add(0f);
        for (int d = 0; d < dims; d++)
            values.Add(1f);
        var rng = new Random(seed + 1);
        foreach (float s in scales)
        {
            for (int k = 0; k < 4; k++)
            {
                for (int d = 0; d < dims; d++)
                {
                    int cell = rng.Next(0, (int)Math.Ceiling(s) + 1);
                    float x = (cell - 0.5f) / s;
                    values.Add(Math.Clamp(x, 0f, 1f));
                }
            }
        }
        return [.. values];
    }

    /// <summary>Weights drawn like PyTorch's Xavier-uniform, so activations stay O(1) through the layers.</summary>
    public static float[] MlpWeights(Networks.MlpConfig config, int seed)
    {
        var rng = new Random(seed);
        var w = new float[config.ParameterCount];
        for (int layer = 0; layer < config.LayerCount; layer++)
        {
            int inW = config.LayerInputWidth(layer), outW = config.LayerOutputWidth(layer);
            float bound = MathF.Sqrt(6f / (inW + outW));
            int offset = config.LayerWeightOffset(layer);
            for (int i = 0; i < inW * outW; i++)
                w[offset + i] = (2f * rng.NextSingle() - 1f) * bound;
        }
        return w;
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"lengths differ: {a.Length} vs {b.Length}");
        float max = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            float d = MathF.Abs(a[i] - b[i]);
            if (float.IsNaN(d))
                return float.NaN;
            max = MathF.Max(max, d);
        }
        return max;
    }
}
