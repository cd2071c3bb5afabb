using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Turns the per-frame openings an evaluation recorded (real and rendered, same fits as LMD) into the mouth measures of
/// <see cref="EvalReport"/>: <c>mouth_corr</c>, <c>mouth_amp_ratio</c> and, when a phone source is given, the viseme
/// openings of the render, of the real frames and of the real person over the whole clip (the dataset's landmarks,
/// valid frames only). Phones are recognised once on the dataset's whole audio.wav and frame i takes the phone at its
/// centre, (i + ½) / fps.
/// </summary>
public static class MouthEvaluation
{
    /// <summary>Null with fewer than two measured frames (nothing to correlate).</summary>
    public static (double? Corr, double? AmpRatio, MouthScores? Scores) Measure(DatasetReader dataset,
        IReadOnlyList<(int Frame, double Real, double Rendered)> openings, Func<float[], IReadOnlyList<TimedPhone>>? phones,
        MediaTools? tools = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(openings);
        if (openings.Count < 2) return (null, null, null);
        double[] real = [.. openings.Select(o => o.Real)], rendered = [.. openings.Select(o => o.Rendered)];
        var scores = new MouthScores
        {
            Frames = openings.Count,
            RenderedSpread = MouthMotion.Spread(rendered),
            RealSpread = MouthMotion.Spread(real),
            RenderedMean = rendered.Average(),
            RealMean = real.Average(),
        };
        if (phones is not null)
        {
            DatasetManifest m = dataset.Manifest;
            float[] pcm = AudioDecoder.DecodeFloat(dataset.PathOf(m.Files.AudioWav), tools);
            string?[] labels = PhoneClasses.PerFrame(phones(pcm), m.FrameCount, m.Fps);
            string?[] evaluated = [.. openings.Select(o => labels[o.Frame])];
            scores = scores with
            {
                Rendered = VisemeContrast.Measure(rendered, evaluated),
                Real = VisemeContrast.Measure(real, evaluated),
                RealWholeClip = VisemeContrast.Measure(WholeClipOpenings(dataset), labels),
            };
        }
        return (MouthMotion.Correlation(rendered, real), MouthMotion.AmplitudeRatio(rendered, real), scores);
    }

    /// <summary>The real opening of every frame from landmarks.f32; NaN where the manifest marks the frame invalid.</summary>
    public static double[] WholeClipOpenings(DatasetReader dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        DatasetManifest m = dataset.Manifest;
        float[] xy = dataset.ReadLandmarks();
        const int Floats = 2 * MouthOpening.PointCount;
        var opening = new double[m.FrameCount];
        for (int i = 0; i < m.FrameCount; i++)
            opening[i] = m.Frames[i].Valid ? MouthOpening.Measure(xy.AsSpan(i * Floats, Floats)) : double.NaN;
        return opening;
    }
}
