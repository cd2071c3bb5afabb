using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Kernels;

/// <summary>
/// The specialization constants a config fixes in its shaders. Forward and backward shaders of one component declare
/// the same constant ids for the same config fields (see their headers), so both wrappers take them from here and
/// cannot drift apart; a backward shader's own extra constants follow the shared ones.
/// </summary>
public static class KernelSpecialization
{
    /// <summary>ids 0–3: dimensions, features per level, levels, hashed (1) or dense (0) storage.</summary>
    public static SpecializationConstant[] Grid(GridEncodingConfig config) =>
    [
        new SpecializationConstant(0, (uint)config.Dimensions),
        new SpecializationConstant(1, (uint)config.FeaturesPerLevel),
        new SpecializationConstant(2, (uint)config.Levels),
        new SpecializationConstant(3, config.Storage == GridStorage.Hashed ? 1u : 0u),
    ];

    /// <summary>
    /// <see cref="Grid"/>'s ids 0–3, then id 4: the planes, 1 (one grid) or 3 (a tri-plane of a 2-D grid). Throws
    /// <see cref="ArgumentOutOfRangeException"/> for another count and <see cref="ArgumentException"/> for a tri-plane
    /// of a grid that is not 2-D.
    /// </summary>
    public static SpecializationConstant[] Grid(GridEncodingConfig config, int planes)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (planes is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(planes), planes, "a grid kernel encodes one grid or a tri-plane (3).");
        if (planes == 3 && config.Dimensions != 2)
            throw new ArgumentException($"a tri-plane's grids are 2-D; this one has {config.Dimensions} dimensions.", nameof(config));
        return [.. Grid(config), new SpecializationConstant(4, (uint)planes)];
    }

    /// <summary>
    /// ids 0–6: input, hidden width, hidden layers, output, hidden ReLU, output ReLU, fp16 weights; then
    /// <paramref name="extra"/> (ids 7 on, each shader's own scratch sizes).
    /// </summary>
    public static SpecializationConstant[] Mlp(MlpConfig config, params ReadOnlySpan<SpecializationConstant> extra) =>
    [
        new SpecializationConstant(0, (uint)config.InputWidth),
        new SpecializationConstant(1, (uint)config.HiddenWidth),
        new SpecializationConstant(2, (uint)config.HiddenLayers),
        new SpecializationConstant(3, (uint)config.OutputWidth),
        new SpecializationConstant(4, config.Activation == MlpActivation.ReLU ? 1u : 0u),
        new SpecializationConstant(5, config.OutputActivation == MlpActivation.ReLU ? 1u : 0u),
        new SpecializationConstant(6, config.WeightPrecision == MlpWeightPrecision.Fp16 ? 1u : 0u),
        .. extra,
    ];
}
