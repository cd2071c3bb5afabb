using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Render.Mouth;

/// <summary>
/// The audio→mouth generator of one avatar, as data (stored in the .eavm manifest's <c>mouth</c> section): a linear
/// read-out of the speaker-independent phone front end (<see cref="PhoneFeatures"/>) to K standardised values. The
/// trainer fits it on the clip's own frames, with its amplitude matched to the recorded one on held-out folds, so the
/// mouth closes and opens as far as the person's does rather than hovering at the mean. <see cref="Kind"/> says what
/// the K values are and what the generator outputs:
/// <list type="bullet">
/// <item><see cref="LinearKind"/> (a radnerf head): the head's K mouth entries themselves, the standardised recorded
/// mouth measures it was trained with (trainer Data/MouthShapeTargets.cs: inner and outer opening, outer and inner
/// width); <see cref="Outputs"/> = K.</item>
/// <item><see cref="LandmarkKind"/> (an r2talker head): K standardised principal-component scores of the head-frame
/// landmark rows the head was conditioned on (<see cref="Head.HeadLandmarkCondition"/>); the output row is
/// <c>clamp(Mean + Σ_k score_k · Basis_k, 0, 1)</c>, <see cref="Outputs"/> = Mean.Length floats (the model's W × L × 2).</item>
/// </list>
/// Invariant: <see cref="Weights"/> holds (FrontEnd.Width + 1) × Measures floats, row r = feature r's weight for each
/// of the K values, the last row the bias; for the landmark kind <see cref="Basis"/> holds Measures × Mean.Length
/// floats (component k's row at k · Mean.Length), and for the linear kind both <see cref="Mean"/> and <see cref="Basis"/>
/// are empty.
/// </summary>
public sealed record MouthGenerator
{
    /// <summary>Phones → the head's K mouth entries (a radnerf head).</summary>
    public const string LinearKind = "phones-linear-v1";

    /// <summary>Phones → K landmark component scores → one landmark row (an r2talker head).</summary>
    public const string LandmarkKind = "phones-landmarks-v1";

    /// <summary>Most mouth measures (the audio code's width limit).</summary>
    public const int MaxMeasures = 64;

    /// <summary>Largest magnitude of a weight: the fp16 range the rest of the model lives in.</summary>
    public const float MaxWeight = 65504f;

    public string Kind { get; init; } = LinearKind;

    public PhoneFeatureConfig FrontEnd { get; init; } = new();

    /// <summary>K: the standardised values the read-out predicts (the linear kind: the mouth entries it fills, the
    /// first K of the audio code; the landmark kind: the component scores).</summary>
    public int Measures { get; init; } = 4;

    public float[] Weights { get; init; } = [];

    /// <summary>The landmark kind: the training frames' mean landmark row, each value in [0, 1]; empty otherwise.</summary>
    public float[] Mean { get; init; } = [];

    /// <summary>
    /// The landmark kind: Measures rows of Mean.Length floats, component k's direction times its training standard
    /// deviation, so a score of ±1 moves the row by one recorded standard deviation of that component; empty otherwise.
    /// </summary>
    public float[] Basis { get; init; } = [];

    /// <summary>True for <see cref="LandmarkKind"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsLandmarks => Kind == LandmarkKind;

    /// <summary>Floats per frame of <see cref="Predict"/>: K for the linear kind, the landmark row's length otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Outputs => IsLandmarks ? Mean?.Length ?? 0 : Measures;

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
        if (Kind is not (LinearKind or LandmarkKind)) problems.Add($"kind: '{Kind}' is not a known generator ({LinearKind}, {LandmarkKind})");
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
        if (IsLandmarks) ValidateLandmarks(problems);
        else
        {
            if (Mean is { Length: > 0 }) problems.Add($"mean: {Mean.Length} values; only a {LandmarkKind} generator has a mean");
            if (Basis is { Length: > 0 }) problems.Add($"basis: {Basis.Length} values; only a {LandmarkKind} generator has a basis");
        }
        return problems;
    }

    private void ValidateLandmarks(List<string> problems)
    {
        if (Mean is null || Mean.Length == 0 || Mean.Length > MaxLandmarkOutputs)
        {
            problems.Add($"mean: {Mean?.Length ?? 0} values; a landmark row holds 1..{MaxLandmarkOutputs}");
            return;
        }
        for (int i = 0; i < Mean.Length; i++)
            if (!(Mean[i] >= 0f && Mean[i] <= 1f))
            {
                problems.Add($"mean: value {i} is {Mean[i]}; landmark positions are in [0, 1]");
                break;
            }
        long expected = (long)Measures * Mean.Length;
        if (Basis is null || Basis.Length != expected)
            problems.Add($"basis: {Basis?.Length ?? 0} values, {Measures} components of {Mean.Length} need {expected}");
        else
            for (int i = 0; i < Basis.Length; i++)
                if (!float.IsFinite(Basis[i]) || MathF.Abs(Basis[i]) > 1f)
                {
                    // A component's standard deviation cannot exceed the [0, 1] range it lives in.
                    problems.Add($"basis: value {i} is {Basis[i]}; every value must be finite and at most 1 in size");
                    break;
                }
    }

    /// <summary>Most floats in a landmark row: a bound that keeps a damaged file from asking for a huge allocation (a
    /// default r2talker row holds 74).</summary>
    public const int MaxLandmarkOutputs = 4096;

    /// <summary>Throws <see cref="ArgumentException"/> listing the problems when <see cref="Validate"/> finds any.</summary>
    public MouthGenerator EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new ArgumentException("mouth generator: " + string.Join("; ", problems));
    }

    /// <summary>
    /// Frames × <see cref="Outputs"/> from frames × FrontEnd.Width windowed features: the K read-out values times
    /// <see cref="Gain"/>, and for the landmark kind those scores turned into a landmark row clamped to [0, 1].
    /// </summary>
    public float[] Predict(ReadOnlySpan<float> windowed, int frames)
    {
        var scores = Scores(windowed, frames);
        return IsLandmarks ? Rows(scores, frames) : scores;
    }

    /// <summary>
    /// The row a frame of silence gets (no phone but silence, loudness at the floor, no slope): what an r2talker head
    /// shows while nothing is said. Outputs floats.
    /// </summary>
    public float[] Silence()
    {
        var fe = FrontEnd;
        var frame = new float[fe.FrameWidth];
        if (fe.ClassIndex().TryGetValue("SIL", out int sil)) frame[sil] = 1f;
        if (fe.Energy) PhoneFeatures.WriteEnergy(fe, [PhoneFeatures.EnergyFloor], frame);
        return Predict(PhoneFeatures.Windowed(fe, frame, 1), 1);
    }

    /// <summary>Landmark kind: rows = clamp(Mean + scores · Basis, 0, 1).</summary>
    private float[] Rows(float[] scores, int frames)
    {
        int k = Measures, p = Mean.Length;
        var rows = new float[frames * p];
        for (int f = 0; f < frames; f++)
            for (int i = 0; i < p; i++)
            {
                double v = Mean[i];
                for (int c = 0; c < k; c++) v += scores[f * k + c] * Basis[c * p + i];
                // The head's condition lives in [0, 1] (the box); a wide swing must not leave it.
                rows[f * p + i] = (float)Math.Clamp(v, 0.0, 1.0);
            }
        return rows;
    }

    private float[] Scores(ReadOnlySpan<float> windowed, int frames)
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
