using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Render.Mouth;

/// <summary>
/// The audio→mouth generator of one avatar, as data (stored in the .eavm manifest's <c>mouth</c> section): a linear
/// read-out of the speaker-independent phone front end (<see cref="PhoneFeatures"/>) to the head's K mouth entries, the
/// standardised recorded mouth measures the head was trained with (trainer Data/MouthShapeTargets.cs: inner and outer
/// opening, outer and inner width). The trainer fits it on the clip's own frames, with its amplitude matched to the
/// recorded one on held-out folds, so the mouth closes and opens as far as the person's does rather than hovering at
/// the mean.
/// Invariant: <see cref="Weights"/> holds (FrontEnd.Width + 1) × Measures floats, row r = feature r's weight for each
/// measure, the last row the bias.
/// </summary>
public sealed record MouthGenerator
{
    /// <summary>The only generator form today.</summary>
    public const string LinearKind = "phones-linear-v1";

    /// <summary>Most mouth measures (the audio code's width limit).</summary>
    public const int MaxMeasures = 64;

    /// <summary>Largest magnitude of a weight: the fp16 range the rest of the model lives in.</summary>
    public const float MaxWeight = 65504f;

    public string Kind { get; init; } = LinearKind;

    public PhoneFeatureConfig FrontEnd { get; init; } = new();

    /// <summary>K: the mouth entries it fills (the first K of the audio code).</summary>
    public int Measures { get; init; } = 4;

    public float[] Weights { get; init; } = [];

    /// <summary>Smallest and largest <see cref="Gain"/>.</summary>
    public const float MinGain = 0.25f, MaxGain = 4f;

    /// <summary>
    /// Multiplies every prediction (the measures are standardised, so 0 is the recorded mean and the gain widens the
    /// swing around it). Why: given the person's true measures, the head renders only a part of their swing, so a gain
    /// above 1 asks for more to show as much (docs/results/2026-12-05-mouth-gain.md). 1 leaves the fit as it was; models
    /// written before the field existed read as 1. Set at bake time (<c>bake --mouth-gain</c>).
    /// </summary>
    public float Gain { get; init; } = 1f;

    /// <summary>Field-named problems; empty when the generator can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Kind != LinearKind) problems.Add($"kind: '{Kind}' is not a known generator ({LinearKind})");
        if (FrontEnd is null)
        {
            problems.Add("frontEnd: missing");
            return problems;
        }
        problems.AddRange(FrontEnd.Validate().Select(p => "frontEnd." + p));
        if (Measures is < 1 or > MaxMeasures) problems.Add($"measures: {Measures} is outside 1..{MaxMeasures}");
        if (!(Gain >= MinGain && Gain <= MaxGain)) problems.Add($"gain: {Gain} is outside {MinGain}..{MaxGain}");
        if (problems.Count > 0) return problems;
        long expected = (long)(FrontEnd.Width + 1) * Measures;
        if (Weights is null || Weights.Length != expected)
            problems.Add($"weights: {Weights?.Length ?? 0} values, the front end needs ({FrontEnd.Width} + 1) × {Measures} = {expected}");
        else
            for (int i = 0; i < Weights.Length; i++)
                if (!float.IsFinite(Weights[i]) || MathF.Abs(Weights[i]) > MaxWeight)
                {
                    problems.Add($"weights: value {i} is {Weights[i]}; every value must be finite and at most {MaxWeight} in size");
                    break;
                }
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing the problems when <see cref="Validate"/> finds any.</summary>
    public MouthGenerator EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new ArgumentException("mouth generator: " + string.Join("; ", problems));
    }

    /// <summary>Frames × Measures predictions from frames × FrontEnd.Width windowed features, times <see cref="Gain"/>.</summary>
    public float[] Predict(ReadOnlySpan<float> windowed, int frames)
    {
        int d = FrontEnd.Width, k = Measures;
        if (windowed.Length != frames * d) throw new ArgumentException($"{windowed.Length} features for {frames} frames of {d}.", nameof(windowed));
        var y = new float[frames * k];
        for (int f = 0; f < frames; f++)
        {
            var x = windowed.Slice(f * d, d);
            for (int m = 0; m < k; m++)
            {
                double s = Weights[d * k + m];
                for (int j = 0; j < d; j++) s += x[j] * Weights[j * k + m];
                y[f * k + m] = (float)(s * Gain);
            }
        }
        return y;
    }
}
