namespace EdgeAvatar.Render.Avatar;

/// <summary>What a parameter block is; the optimiser gives each kind its own learning rate (RAD-NeRF: grids 10x MLPs).</summary>
public enum ParameterBlockKind
{
    /// <summary>Feature tables of grid encodings: sparse, large, fast learning rate.</summary>
    Grid,
    /// <summary>MLP / convolution weights.</summary>
    Network,
    /// <summary>Per-frame latent codes (one row per training frame).</summary>
    Latent,
    /// <summary>
    /// Points in world units (the torso's anchors): a handful of floats whose fp16 rounding (about 1e-4 at 0.1)
    /// would move their projections by a fraction of a pixel for nothing saved, so the bake keeps them fp32.
    /// </summary>
    Points,
}
