using EdgeAvatar.Kernels;

namespace EdgeAvatar.Train.Kernels.Optimizers;

/// <summary>
/// Adam hyper-parameters shared by every parameter group (RAD-NeRF's defaults: β1 0.9, β2 0.99, ε 1e-15).
/// The update is PyTorch's torch.optim.Adam (non-AMSGrad), per parameter at step t ≥ 1:
/// g' = g + WeightDecay·p (classic L2, added to the gradient); m = β1·m + (1 − β1)·g'; v = β2·v + (1 − β2)·g'²;
/// p −= (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
/// </summary>
public sealed record AdamConfig
{
    public float Beta1 { get; init; } = 0.9f;

    public float Beta2 { get; init; } = 0.99f;

    public float Epsilon { get; init; } = 1e-15f;

    /// <summary>L2 coefficient added to the gradient (0 = off). Not decoupled (that would be AdamW).</summary>
    public float WeightDecay { get; init; }

    /// <summary>Every problem with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(Beta1 is >= 0f and < 1f))
            problems.Add($"Beta1 is {Beta1}; it must be in [0, 1).");
        if (!(Beta2 is >= 0f and < 1f))
            problems.Add($"Beta2 is {Beta2}; it must be in [0, 1).");
        if (!(Epsilon >= 0f) || float.IsInfinity(Epsilon))
            problems.Add($"Epsilon is {Epsilon}; it must be finite and ≥ 0.");
        if (!(WeightDecay >= 0f) || float.IsInfinity(WeightDecay))
            problems.Add($"WeightDecay is {WeightDecay}; it must be finite and ≥ 0.");
        return problems;
    }

    public AdamConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("Adam config", problems);
    }

    /// <summary>
    /// The per-step scalars both implementations use, computed once in float64 and rounded to float:
    /// step size lr / (1 − β1^t) and 1 / √(1 − β2^t).
    /// </summary>
    public (float StepSize, float InvSqrtBias2) BiasCorrection(float learningRate, int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        double bc1 = 1.0 - Math.Pow(Beta1, step), bc2 = 1.0 - Math.Pow(Beta2, step);
        return ((float)(learningRate / bc1), (float)(1.0 / Math.Sqrt(bc2)));
    }
}
