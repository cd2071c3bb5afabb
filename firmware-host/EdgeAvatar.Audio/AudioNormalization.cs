using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio;

/// <summary>
/// Per-band standardisation of log-mel features: y = (x − mean[b]) / std[b]. The trainer computes it once over the
/// training clip (<see cref="Compute(LogMelFeatures, float)"/>), saves it next to the model, and the device applies the
/// saved values with the same <see cref="Apply"/> (float arithmetic, fixed order: identical results everywhere).
/// Statistics are accumulated in double in frame order so recomputing them is reproducible too.
/// Invariant: every std is ≥ the floor given at compute time (&gt; 0), so Apply never divides by zero; bands that
/// are constant in the clip (e.g. empty above a band-limited recording) map to 0 instead of exploding.
/// </summary>
public sealed class AudioNormalization
{
    public const string MeanStdType = "per-band-mean-std-v1";

    [JsonPropertyName("type")] public string Type { get; init; } = MeanStdType;
    [JsonPropertyName("mean")] public float[] Mean { get; init; } = [];
    [JsonPropertyName("std")] public float[] Std { get; init; } = [];

    [JsonIgnore] public int Bands => Mean.Length;

    /// <summary>Statistics of a clip's features; std is floored at <paramref name="minStd"/>.</summary>
    public static AudioNormalization Compute(LogMelFeatures features, float minStd = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Compute(features.Values, features.Bands, minStd);
    }

    /// <summary>Statistics of row-major frames × <paramref name="bands"/> values (at least one frame).</summary>
    public static AudioNormalization Compute(ReadOnlySpan<float> values, int bands, float minStd = 1e-3f)
    {
        if (bands <= 0 || values.Length % bands != 0) throw new ArgumentException("values must be whole frames of `bands`.");
        int frames = values.Length / bands;
        if (frames == 0) throw new ArgumentException("Need at least one frame to compute normalisation.", nameof(values));
        if (!(minStd > 0)) throw new ArgumentOutOfRangeException(nameof(minStd), "minStd must be positive.");
        var sum = new double[bands];
        for (int f = 0; f < frames; f++)
            for (int b = 0; b < bands; b++) sum[b] += values[f * bands + b];
        var mean = new double[bands];
        for (int b = 0; b < bands; b++) mean[b] = sum[b] / frames;
        var sq = new double[bands];
        for (int f = 0; f < frames; f++)
            for (int b = 0; b < bands; b++)
            {
                double d = values[f * bands + b] - mean[b];
                sq[b] += d * d;
            }
        var meanF = new float[bands];
        var stdF = new float[bands];
        for (int b = 0; b < bands; b++)
        {
            meanF[b] = (float)mean[b];
            stdF[b] = Math.Max(minStd, (float)Math.Sqrt(sq[b] / frames));
        }
        return new AudioNormalization { Mean = meanF, Std = stdF };
    }

    /// <summary>Normalises one or more whole frames in place.</summary>
    public void Apply(Span<float> frames)
    {
        CheckShape(frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            int b = i % Mean.Length;
            frames[i] = (frames[i] - Mean[b]) / Std[b];
        }
    }

    /// <summary>Undoes <see cref="Apply"/> (up to float rounding), for inspection and tests.</summary>
    public void Invert(Span<float> frames)
    {
        CheckShape(frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            int b = i % Mean.Length;
            frames[i] = frames[i] * Std[b] + Mean[b];
        }
    }

    /// <summary>Throws <see cref="ExitCodes.Config"/> unless type, shapes and values are usable.</summary>
    public void Validate(int? expectedBands = null)
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        static void Fail(string why) => throw new EdgeAvatarException(ExitCodes.Config, $"Audio normalisation: {why}");
        if (Type != MeanStdType) Fail($"type '{Type}' is not supported (expected '{MeanStdType}').");
        if (Mean is null || Std is null || Mean.Length == 0 || Mean.Length != Std.Length) Fail("mean and std must be non-empty and of equal length.");
        if (expectedBands is int n && Mean.Length != n) Fail($"has {Mean.Length} bands but the features have {n}.");
        foreach (float m in Mean) if (!float.IsFinite(m)) Fail("mean contains a non-finite value.");
        foreach (float s in Std) if (!float.IsFinite(s) || s <= 0) Fail("std values must be finite and positive.");
    }

    /// <summary>JSON with shortest round-trip float formatting: <see cref="FromJson"/> restores every bit.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, AudioFeatureConfig.JsonOptions);

    public static AudioNormalization FromJson(string json)
    {
        AudioNormalization? n;
        try
        {
            n = JsonSerializer.Deserialize<AudioNormalization>(json, AudioFeatureConfig.JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new EdgeAvatarException(ExitCodes.Config, $"Audio normalisation is not valid JSON: {ex.Message}", ex);
        }
        if (n is null) throw new EdgeAvatarException(ExitCodes.Config, "Audio normalisation is empty (null).");
        n.Validate();
        return n;
    }

    private void CheckShape(int length)
    {
        if (Mean.Length == 0 || length % Mean.Length != 0)
            throw new ArgumentException($"Length {length} is not a whole number of {Mean.Length}-band frames.");
    }
}
