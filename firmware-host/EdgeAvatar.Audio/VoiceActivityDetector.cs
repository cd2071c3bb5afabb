namespace EdgeAvatar.Audio;

/// <summary>
/// Per-feature-frame voice activity from frame energy (dBFS, <see cref="LogMelFeatures.EnergyDb"/>) against an
/// adaptive noise floor. Causal (a frame's decision uses only it and earlier frames), so the device's streaming
/// decisions equal the batch ones. Used for "silence → calm closed mouth", not as a speech recogniser: it answers
/// "is something clearly louder than the background", so loud non-speech noise counts as voice.
/// <para>
/// Floor: starts at the first audible frame's energy; moves towards quieter frames fast (<see cref="VoiceActivityConfig.FloorFallRate"/>)
/// and towards louder ones slowly and rate-limited, so it settles on the background level between words.
/// </para>
/// Not thread-safe.
/// </summary>
public sealed class VoiceActivityDetector
{
    private readonly VoiceActivityConfig _config;
    private double _floor;
    private bool _started;
    private int _hangover;

    public VoiceActivityDetector(VoiceActivityConfig? config = null) => _config = config ?? VoiceActivityConfig.Default;

    /// <summary>The current noise-floor estimate in dBFS (NaN before the first frame).</summary>
    public double NoiseFloorDb => _started ? _floor : double.NaN;

    /// <summary>Decides the next frame.</summary>
    public bool Process(float energyDb)
    {
        double e = energyDb;
        // Frames below the absolute minimum (digital silence before a recording starts, a muted microphone) are not
        // the room's background: they neither count as voice nor move the floor, which would otherwise sink to
        // −120 dB and take seconds to climb back.
        bool audible = e > _config.AbsoluteMinimumDb;
        if (audible && !_started)
        {
            _floor = e;
            _started = true;
        }
        bool loud = audible && e > _floor + _config.ThresholdDb;
        if (audible)
        {
            if (e < _floor) _floor += (e - _floor) * _config.FloorFallRate;
            else _floor += Math.Min((e - _floor) * _config.FloorRiseRate, _config.FloorMaxRiseDb);
        }
        // Voice on a loud frame and for HangoverFrames frames after the last loud one.
        bool voice = loud || _hangover > 0;
        if (loud) _hangover = _config.HangoverFrames;
        else if (_hangover > 0) _hangover--;
        return voice;
    }

    public void Reset()
    {
        _started = false;
        _hangover = 0;
        _floor = 0;
    }

    /// <summary>Decisions for a whole clip's energies.</summary>
    public static bool[] Detect(ReadOnlySpan<float> energyDb, VoiceActivityConfig? config = null)
    {
        var vad = new VoiceActivityDetector(config);
        var result = new bool[energyDb.Length];
        for (int i = 0; i < energyDb.Length; i++) result[i] = vad.Process(energyDb[i]);
        return result;
    }
}
