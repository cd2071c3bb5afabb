namespace EdgeAvatar.Train.Data;

/// <summary>
/// One step's disguise (<see cref="SpectralAugmenter"/> applies it): a frequency-axis stretch, a level, a tilt and a
/// noise floor. One draw covers every window of a step, so the attention's neighbouring frames hear the same voice.
/// </summary>
/// <param name="Warp">Frequency stretch: what sat at f Hz moves to Warp·f (1: none).</param>
/// <param name="GainDb">Level change, dB.</param>
/// <param name="TiltDb">Level change from the lowest band (−TiltDb/2) to the highest (+TiltDb/2), dB, linear in band index.</param>
/// <param name="NoiseSnrDb">Noise floor, dB below each band's clip mean; +∞: no noise.</param>
public readonly record struct SpectralAugmentDraw(double Warp, double GainDb, double TiltDb, double NoiseSnrDb)
{
    /// <summary>Changes nothing.</summary>
    public static SpectralAugmentDraw Identity { get; } = new(1, 0, 0, double.PositiveInfinity);

    public bool IsIdentity => Warp == 1 && GainDb == 0 && TiltDb == 0 && double.IsPositiveInfinity(NoiseSnrDb);

    /// <summary>
    /// A draw for one step: <see cref="Identity"/> with probability 1 − <c>Probability</c>, else every field uniform
    /// in its configured range. Consumes the same five numbers from <paramref name="rng"/> either way, so turning one
    /// step's augmentation on or off does not shift the draws of later steps. Never called when the type is none.
    /// </summary>
    public static SpectralAugmentDraw Draw(AudioAugmentConfig config, Random rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        double use = rng.NextDouble();
        double warp = 1 + config.Warp * (2 * rng.NextDouble() - 1);
        double gain = config.GainDb * (2 * rng.NextDouble() - 1);
        double tilt = config.TiltDb * (2 * rng.NextDouble() - 1);
        double snr = config.NoiseSnrDbMin + (config.NoiseSnrDbMax - config.NoiseSnrDbMin) * rng.NextDouble();
        return use < config.Probability ? new SpectralAugmentDraw(warp, gain, tilt, snr) : Identity;
    }
}
