using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// Chooses an avatar's mouth generator: every front end × ridge penalty is scored by the k-fold held-out correlation of
/// the inner-lip opening (measure 0, what eval's mouth_corr compares) over contiguous blocks of the training frames;
/// the best is refitted on all training frames with its amplitude matched (<see cref="MouthGeneratorFit"/>). The
/// clip's validation frames are never looked at, so they stay a fair held-out test.
/// </summary>
public static class MouthGeneratorSelection
{
    public const int Folds = 5;

    public static double[] Lambdas { get; } = [0.01, 0.1, 1, 10];

    /// <summary>The front ends tried by default: loudness alone, phone classes alone, and both, at a few contexts.</summary>
    public static IReadOnlyList<(string Name, PhoneFeatureConfig FrontEnd)> FrontEnds { get; } =
    [
        ("energy ±3", new PhoneFeatureConfig { Classes = [], Context = 3, Energy = true }),
        ("visemes ±3", new PhoneFeatureConfig { Context = 3, Energy = false }),
        ("visemes+energy ±2", new PhoneFeatureConfig { Context = 2 }),
        ("visemes+energy ±4", new PhoneFeatureConfig { Context = 4 }),
        ("visemes+energy ±6", new PhoneFeatureConfig { Context = 6 }),
        ("phones+energy ±3", new PhoneFeatureConfig { Classes = PhoneFeatureConfig.PhoneClassesEach, Context = 3 }),
    ];

    /// <summary>
    /// Scores every front end × penalty on held-out folds of the clip's training frames, by the held-out correlation of
    /// one signal of the K targets: target 0 (the inner opening among the mouth measures), or with
    /// <paramref name="selection"/> the weighted sum Σ selection[m] · target m (a landmark generator's inner opening,
    /// which is linear in its component scores: <see cref="LandmarkComponents.InnerOpening"/>).
    /// </summary>
    public static List<MouthCandidate> Evaluate(MouthClip clip, IReadOnlyList<(string Name, PhoneFeatureConfig FrontEnd)> frontEnds,
        IReadOnlyList<double> lambdas, int k = MouthShapeTargets.Count, IReadOnlyList<double>? selection = null)
    {
        if (selection is not null && selection.Count != k)
            throw new ArgumentException($"{selection.Count} selection weights for {k} targets.", nameof(selection));
        float[] recorded = Signal(clip.Targets, k, selection);
        var results = new List<MouthCandidate>();
        foreach (var (name, fe) in frontEnds)
        {
            float[] x = clip.Features(fe);
            foreach (double lambda in lambdas)
            {
                float[] cv = Signal(MouthGeneratorFit.CrossValidate(x, fe.Width, clip.Targets, k, clip.TrainFrames, lambda, Folds), k, selection);
                double r = MouthGeneratorFit.Correlation(cv, recorded, 1, 0, clip.TrainFrames);
                double spread = MouthGeneratorFit.Spread(cv, 1, 0, clip.TrainFrames) / MouthGeneratorFit.Spread(recorded, 1, 0, clip.TrainFrames);
                results.Add(new MouthCandidate(name, fe, lambda, r, spread));
            }
        }
        return results;
    }

    /// <summary>Per frame, target 0 (no weights) or Σ weights[m] · value m.</summary>
    private static float[] Signal(ReadOnlySpan<float> values, int k, IReadOnlyList<double>? weights)
    {
        var s = new float[values.Length / k];
        for (int f = 0; f < s.Length; f++)
        {
            if (weights is null)
            {
                s[f] = values[f * k];
                continue;
            }
            double sum = 0;
            for (int m = 0; m < k; m++) sum += weights[m] * values[f * k + m];
            s[f] = (float)sum;
        }
        return s;
    }

    /// <summary>
    /// A new run's generator: recognises the phones of the dataset's audio, scores every default front end × penalty on
    /// held-out folds of its training frames and refits the best (<see cref="Choose"/>), which it returns with its scores.
    /// </summary>
    public static (MouthGenerator Generator, MouthCandidate Chosen) FitForDataset(string datasetDir, PhoneRecognizer recognizer)
    {
        var clip = MouthClip.Load(datasetDir, recognizer);
        if (clip.TrainFrames.Length < 2 * Folds)
            throw new Common.EdgeAvatarException(Common.ExitCodes.DataError,
                $"the dataset has {clip.TrainFrames.Length} training frames with a face; a mouth generator needs at least {2 * Folds}.");
        var candidates = Evaluate(clip, FrontEnds, Lambdas);
        return (Choose(clip, candidates), candidates.MaxBy(c => c.CvCorrelation)!);
    }

    /// <summary>The best candidate by held-out-fold correlation, refitted on all training frames with matched amplitude.</summary>
    public static MouthGenerator Choose(MouthClip clip, IReadOnlyList<MouthCandidate> candidates, int k = MouthShapeTargets.Count)
    {
        if (candidates.Count == 0) throw new ArgumentException("no candidates.", nameof(candidates));
        var best = candidates.MaxBy(c => c.CvCorrelation)!;
        return MouthGeneratorFit.Fit(best.FrontEnd, clip.Features(best.FrontEnd), clip.Targets, k, clip.TrainFrames, best.Lambda,
            matchAmplitude: true, Folds);
    }
}
