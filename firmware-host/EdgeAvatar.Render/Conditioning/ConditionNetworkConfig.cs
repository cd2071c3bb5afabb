namespace EdgeAvatar.Render.Conditioning;

/// <summary>
/// The per-frame condition network of the R2-Talker head, as data: encoded landmarks (InputWidth) →
/// HiddenLayers × (dense with bias, ReLU, HiddenWidth) → dense with bias (no activation) → FiLM vector.
/// <para>FiLM vector layout (<see cref="OutputWidth"/> = 2 × FilmLayers × FilmWidth floats): for conditioned hidden
/// layer l, FilmWidth scales then FilmWidth shifts, i.e. scale_l[j] at 2·l·FilmWidth + j and shift_l[j] at
/// (2·l + 1)·FilmWidth + j. FilmLayers and FilmWidth are the conditioned MLP's HiddenLayers and HiddenWidth.</para>
/// <para>Parameter layout: layers back to back, each weight [out][in] row-major then bias [out]
/// (<see cref="AudioNetworks.DenseLayer"/>), first hidden layer first.</para>
/// </summary>
public sealed record ConditionNetworkConfig
{
    public int InputWidth { get; init; }

    public int HiddenWidth { get; init; } = 64;

    /// <summary>0 makes the network one linear layer.</summary>
    public int HiddenLayers { get; init; } = 1;

    public int FilmLayers { get; init; } = 2;

    public int FilmWidth { get; init; } = 64;

    public int OutputWidth => 2 * FilmLayers * FilmWidth;

    public int LayerCount => HiddenLayers + 1;

    /// <summary>Every problem with this config, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (InputWidth < 1)
            problems.Add($"InputWidth is {InputWidth}; it must be at least 1.");
        if (HiddenWidth < 1)
            problems.Add($"HiddenWidth is {HiddenWidth}; it must be at least 1.");
        if (HiddenLayers < 0)
            problems.Add($"HiddenLayers is {HiddenLayers}; it must not be negative.");
        if (FilmLayers < 1)
            problems.Add($"FilmLayers is {FilmLayers}; it must be at least 1.");
        if (FilmWidth < 1)
            problems.Add($"FilmWidth is {FilmWidth}; it must be at least 1.");
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, or returns this config.</summary>
    public ConditionNetworkConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0
            ? this
            : throw new ArgumentException("condition network config: " + string.Join(" ", problems));
    }
}
