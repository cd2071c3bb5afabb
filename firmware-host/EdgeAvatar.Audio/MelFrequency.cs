namespace EdgeAvatar.Audio;

/// <summary>
/// The Hz↔mel mappings of <see cref="MelScale"/> and where each mel band of an <see cref="AudioFeatureConfig"/> sits
/// on the frequency axis. The filter bank places its band edges with these; the trainer's spectral augmentation warps
/// the band axis with them, so both agree on what "band b" means.
/// Invariant: band b's centre is the (b + 1)-th of bands + 2 edges equally spaced in mel between fMin and fMax, as
/// librosa.filters.mel places them; <see cref="BandIndexAt"/> is its inverse (fractional, not clamped).
/// </summary>
public static class MelFrequency
{
    public static double HzToMel(double hz, MelScale scale)
    {
        if (scale == MelScale.Htk) return 2595.0 * DeterministicMath.Log10(1.0 + hz / 700.0);
        const double fSp = 200.0 / 3.0, minLogHz = 1000.0, minLogMel = minLogHz / fSp;
        double logStep = DeterministicMath.Log(6.4) / 27.0;
        return hz < minLogHz ? hz / fSp : minLogMel + DeterministicMath.Log(hz / minLogHz) / logStep;
    }

    public static double MelToHz(double mel, MelScale scale)
    {
        if (scale == MelScale.Htk) return 700.0 * (DeterministicMath.Exp(mel / 2595.0 * DeterministicMath.Ln10) - 1.0);
        const double fSp = 200.0 / 3.0, minLogHz = 1000.0, minLogMel = minLogHz / fSp;
        double logStep = DeterministicMath.Log(6.4) / 27.0;
        return mel < minLogMel ? mel * fSp : minLogHz * DeterministicMath.Exp(logStep * (mel - minLogMel));
    }

    /// <summary>Centre frequency (Hz) of band <paramref name="band"/> (0-based) of <paramref name="config"/>.</summary>
    public static double BandCentreHz(AudioFeatureConfig config, int band)
    {
        ArgumentNullException.ThrowIfNull(config);
        if ((uint)band >= (uint)config.MelBands) throw new ArgumentOutOfRangeException(nameof(band));
        double lo = HzToMel(config.FMin, config.MelScale), hi = HzToMel(config.FMax, config.MelScale);
        return MelToHz(lo + (hi - lo) * (band + 1) / (config.MelBands + 1), config.MelScale);
    }

    /// <summary>
    /// The fractional band index whose centre would lie at <paramref name="hz"/>: 0 at band 0's centre, 1 at band 1's,
    /// linear in mel between them; below band 0 or above the last band it extrapolates (callers clamp).
    /// </summary>
    public static double BandIndexAt(AudioFeatureConfig config, double hz)
    {
        ArgumentNullException.ThrowIfNull(config);
        double lo = HzToMel(config.FMin, config.MelScale), hi = HzToMel(config.FMax, config.MelScale);
        return (HzToMel(hz, config.MelScale) - lo) / (hi - lo) * (config.MelBands + 1) - 1;
    }
}
