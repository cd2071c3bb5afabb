namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Ray-marching parameters. Defaults are RAD-NeRF's head settings (see /work/shared/docs/anchors.md):
/// box [-1,-0.5,-1]..[1,0.5,1], step 2√3/128, at most 16 samples per ray, min_near 0.05.
/// </summary>
public sealed record RayMarcherConfig
{
    /// <summary>
    /// RAD-NeRF's effective step: its kernels use dt = clamp(t·dt_gamma, dt_min = 2√3/max_steps, dt_max = 2√3/H)
    /// with clamp(x, lo, hi) = min(hi, max(lo, x)); for max_steps 16 and H 128, lo &gt; hi, so dt is always
    /// dt_max = 2√3/128 ≈ 0.02706, one diagonal of a 2/128 cell.
    /// </summary>
    public const float RadNerfStep = 2f * 1.7320508f / 128f;

    /// <summary>Samples are confined to this box; it must lie inside the occupancy grid's bounds.</summary>
    public Aabb Box { get; init; } = Aabb.HeadBox;
    /// <summary>Distance between consecutive samples along a unit ray (constant: no dt_gamma cone stepping).</summary>
    public float StepSize { get; init; } = RadNerfStep;
    /// <summary>Most samples emitted per ray (counted over occupied samples only; skipped cells are free).</summary>
    public int MaxSteps { get; init; } = 16;
    /// <summary>Rays start no closer than this to their origin (RAD-NeRF min_near 0.05).</summary>
    public float MinNear { get; init; } = 0.05f;

    /// <summary>Throws on an unusable configuration.</summary>
    public void Validate()
    {
        Box.Validate();
        if (!(StepSize > 0f && float.IsFinite(StepSize))) throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, "Step must be positive.");
        if (MaxSteps < 1 || MaxSteps > 1 << 16) throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "MaxSteps must be in 1..65536.");
        if (!(MinNear >= 0f && float.IsFinite(MinNear))) throw new ArgumentOutOfRangeException(nameof(MinNear), MinNear, "MinNear must be ≥ 0.");
    }
}
