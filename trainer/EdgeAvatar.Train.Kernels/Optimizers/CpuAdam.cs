namespace EdgeAvatar.Train.Kernels.Optimizers;

/// <summary>
/// Plain C# Adam step over a flat parameter buffer (the specification shaders/optim/adam.comp is tested against).
/// Formula on <see cref="AdamConfig"/>. The float operations and their order are the shader's (which marks them
/// <c>precise</c> so no FMA contraction changes the rounding), so both agree to a few ulps.
/// </summary>
public static class CpuAdam
{
    /// <summary>Applies step <paramref name="step"/> (1-based; bias correction uses it) to every group.</summary>
    /// <param name="config">Hyper-parameters.</param>
    /// <param name="groups">Disjoint parameter ranges with their learning rates.</param>
    /// <param name="step">1 for the first step, then 2, 3, ...</param>
    /// <param name="parameters">Updated in place.</param>
    /// <param name="gradients">dL/d(parameters), same length; not modified.</param>
    /// <param name="m">First-moment state, same length, zero before step 1; updated in place.</param>
    /// <param name="v">Second-moment state, same length, zero before step 1; updated in place.</param>
    public static void Step(AdamConfig config, IReadOnlyList<AdamParameterGroup> groups, int step,
        Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v)
    {
        config.EnsureValid();
        ValidateGroups(groups, parameters.Length);
        if (gradients.Length != parameters.Length || m.Length != parameters.Length || v.Length != parameters.Length)
            throw new ArgumentException("parameters, gradients, m and v must have the same length.");
        float b1 = config.Beta1, b2 = config.Beta2, eps = config.Epsilon, wd = config.WeightDecay;
        float c1 = 1f - b1, c2 = 1f - b2;
        foreach (AdamParameterGroup group in groups)
        {
            (float stepSize, float invSqrtBias2) = config.BiasCorrection(group.LearningRate, step);
            for (int i = group.Offset; i < group.Offset + group.Count; i++)
            {
                float g = gradients[i] + wd * parameters[i];
                float mi = b1 * m[i] + c1 * g;
                float vi = b2 * v[i] + c2 * (g * g);
                m[i] = mi;
                v[i] = vi;
                float denom = MathF.Sqrt(vi) * invSqrtBias2 + eps;
                parameters[i] -= stepSize * (mi / denom);
            }
        }
    }

    /// <summary>Throws when a group is out of range or two groups overlap.</summary>
    public static void ValidateGroups(IReadOnlyList<AdamParameterGroup> groups, long length)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var sorted = groups.OrderBy(g => g.Offset).ToArray();
        long end = 0;
        foreach (AdamParameterGroup g in sorted)
        {
            if (g.Offset < 0 || g.Count < 0 || (long)g.Offset + g.Count > length)
                throw new ArgumentOutOfRangeException(nameof(groups), $"group {g} lies outside the {length} parameters.");
            if (g.Offset < end)
                throw new ArgumentException($"group {g} overlaps another group.", nameof(groups));
            if (!(g.LearningRate >= 0f) || float.IsInfinity(g.LearningRate))
                throw new ArgumentOutOfRangeException(nameof(groups), $"group {g} has an invalid learning rate.");
            end = (long)g.Offset + g.Count;
        }
    }
}
