using System.Text.Json.Serialization;

namespace EdgeAvatar.Kernels.Encodings;

/// <summary>
/// A multiresolution grid encoding, described as data (tiny-cuda-nn style: a <see cref="Type"/> tag plus fields) so
/// models can carry it in JSON. Level l has scale s_l = BaseResolution * b^l - 1 with
/// b = exp((ln FinestResolution - ln BaseResolution) / (Levels - 1)) (b = 1 for one level), matching torch-ngp's
/// gridencoder; see <see cref="GridEncodingLayout"/> for the table layout derived from it.
/// </summary>
public sealed record GridEncodingConfig
{
    /// <summary>The only accepted <see cref="Type"/> tag.</summary>
    public const string TypeName = "Grid";

    /// <summary>Largest supported level count (the shader's per-level uniform array is this long).</summary>
    public const int MaxLevels = 32;

    /// <summary>Largest supported log2 table size per level.</summary>
    public const int MaxLog2TableSize = 24;

    /// <summary>Largest supported finest resolution (keeps vertex coordinates far from uint overflow).</summary>
    public const int MaxResolution = 1 << 16;

    public string Type { get; init; } = TypeName;

    public GridStorage Storage { get; init; } = GridStorage.Tiled;

    /// <summary>2 or 3.</summary>
    public int Dimensions { get; init; } = 3;

    public int Levels { get; init; } = 16;

    /// <summary>1, 2 or 4.</summary>
    public int FeaturesPerLevel { get; init; } = 2;

    /// <summary>Each level stores at most 2^Log2TableSize entries (fewer when its dense grid is smaller).</summary>
    public int Log2TableSize { get; init; } = 16;

    public int BaseResolution { get; init; } = 16;

    public int FinestResolution { get; init; } = 2048;

    public GridInterpolation Interpolation { get; init; } = GridInterpolation.Linear;

    /// <summary>Width of one encoded point: Levels × FeaturesPerLevel.</summary>
    [JsonIgnore]
    public int OutputWidth => Levels * FeaturesPerLevel;

    /// <summary>b, the growth factor between successive levels' resolutions.</summary>
    [JsonIgnore]
    public double PerLevelScale => Levels <= 1
        ? 1.0
        : Math.Exp((Math.Log(FinestResolution) - Math.Log(BaseResolution)) / (Levels - 1));

    /// <summary>RAD-NeRF's spatial (head) encoder: 3-D tiled, 16 levels × 2 features, base 16, 2^16, finest 2048.</summary>
    public static GridEncodingConfig RadNerfHead { get; } = new()
    {
        Storage = GridStorage.Tiled, Dimensions = 3, Levels = 16, FeaturesPerLevel = 2,
        Log2TableSize = 16, BaseResolution = 16, FinestResolution = 2048,
    };

    /// <summary>
    /// RAD-NeRF's audio-coordinate ("ambient") grid: 2-D tiled, 16 levels × 2 features, base 16. Its finest
    /// resolution and table size follow RAD-NeRF's defaults for that grid (2048 and 2^16 per level) — an assumption
    /// to revisit if a checkpoint says otherwise.
    /// </summary>
    public static GridEncodingConfig RadNerfAudio { get; } = new()
    {
        Storage = GridStorage.Tiled, Dimensions = 2, Levels = 16, FeaturesPerLevel = 2,
        Log2TableSize = 16, BaseResolution = 16, FinestResolution = 2048,
    };

    /// <summary>Every problem with this config, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Type != TypeName)
            problems.Add($"Type is '{Type}', expected '{TypeName}'.");
        if (!Enum.IsDefined(Storage))
            problems.Add($"Storage {(int)Storage} is not one of Tiled, Hashed.");
        if (Dimensions is not (2 or 3))
            problems.Add($"Dimensions is {Dimensions}; only 2 and 3 are supported.");
        if (Levels is < 1 or > MaxLevels)
            problems.Add($"Levels is {Levels}; it must be between 1 and {MaxLevels}.");
        if (FeaturesPerLevel is not (1 or 2 or 4))
            problems.Add($"FeaturesPerLevel is {FeaturesPerLevel}; it must be 1, 2 or 4.");
        if (Log2TableSize is < 3 or > MaxLog2TableSize)
            problems.Add($"Log2TableSize is {Log2TableSize}; it must be between 3 and {MaxLog2TableSize}.");
        if (BaseResolution is < 2 or > MaxResolution)
            problems.Add($"BaseResolution is {BaseResolution}; it must be between 2 and {MaxResolution}.");
        if (FinestResolution < BaseResolution || FinestResolution > MaxResolution)
            problems.Add($"FinestResolution is {FinestResolution}; it must be between BaseResolution "
                + $"({BaseResolution}) and {MaxResolution}.");
        if (Levels == 1 && FinestResolution != BaseResolution)
            problems.Add($"FinestResolution ({FinestResolution}) must equal BaseResolution ({BaseResolution}) "
                + "when there is only one level.");
        if (!Enum.IsDefined(Interpolation))
            problems.Add($"Interpolation {(int)Interpolation} is not supported; use Linear.");
        return problems;
    }

    /// <summary>Throws <see cref="KernelConfigException"/> listing every problem, or returns this config.</summary>
    public GridEncodingConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("grid encoding config", problems);
    }
}
