namespace EdgeAvatar.Model;

/// <summary>
/// The manifest's "training" object: where a baked model came from. All fields except
/// <see cref="Metrics"/> are required in a file.
/// </summary>
public sealed record EavmTrainingInfo
{
    /// <summary>Dataset identifier (e.g. the prepared dataset's directory name or hash).</summary>
    public required string Dataset { get; init; }

    /// <summary>Optimisation steps run (≥ 0).</summary>
    public required long Steps { get; init; }

    /// <summary>When training finished (ISO 8601 in the file).</summary>
    public required DateTimeOffset Date { get; init; }

    /// <summary>Version of the trainer that wrote the file.</summary>
    public required string TrainerVersion { get; init; }

    /// <summary>Final metrics by name (e.g. "psnr", "lpips"); may be empty.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}
