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
}
