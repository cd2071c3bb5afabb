namespace EdgeAvatar.Audio;

/// <summary>
/// Log-mel features of a clip: <see cref="FrameCount"/> × <see cref="Bands"/> floats, row-major (frame k's bands at
/// [k·Bands, (k+1)·Bands)), plus each frame's energy in dBFS (input to <see cref="VoiceActivityDetector"/>).
/// Frame k covers [k/FrameRate, (k+1)/FrameRate) seconds of the clip.
/// </summary>
public sealed class LogMelFeatures
{
    public LogMelFeatures(AudioFeatureConfig config, int frameCount, float[] values, float[] energyDb)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(energyDb);
        if (values.Length != (long)frameCount * config.MelBands || energyDb.Length != frameCount)
            throw new ArgumentException("Feature array sizes do not match frameCount × bands.");
        Config = config;
        FrameCount = frameCount;
        Values = values;
        EnergyDb = energyDb;
    }

    public AudioFeatureConfig Config { get; }
    public int FrameCount { get; }
    public int Bands => Config.MelBands;
    public float[] Values { get; }
    public float[] EnergyDb { get; }

    /// <summary>Frame <paramref name="frame"/>'s band values.</summary>
    public ReadOnlySpan<float> Frame(int frame) => Values.AsSpan(frame * Bands, Bands);
}
