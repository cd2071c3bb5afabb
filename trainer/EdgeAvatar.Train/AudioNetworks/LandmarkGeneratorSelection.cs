using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// Chooses an r2talker avatar's landmark generator (<see cref="MouthGenerator.LandmarkKind"/>) with the measures
/// generator's machinery: the training frames' landmark rows (<see cref="LandmarkTargets"/>) are reduced to a few
/// standardised component scores (<see cref="LandmarkComponents"/>, fitted on the training frames only), every front
/// end × ridge penalty is scored on held-out folds of those frames by the inner-lip opening the scores rebuild
/// (<see cref="MouthGeneratorSelection.Evaluate"/>), and the best is refitted on all training frames with each
/// component's amplitude matched. The clip's validation frames are never looked at.
/// </summary>
public static class LandmarkGeneratorSelection
{
    /// <summary>A new r2talker run's generator: recognises the dataset's phones, then <see cref="Fit"/>.</summary>
    public static LandmarkGeneratorFitResult FitForDataset(string datasetDir, PhoneRecognizer recognizer, HeadModelConfig head)
    {
        var clip = MouthClip.Load(datasetDir, recognizer);
        if (clip.TrainFrames.Length < 2 * MouthGeneratorSelection.Folds)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"the dataset has {clip.TrainFrames.Length} training frames with a face; a landmark generator needs at least {2 * MouthGeneratorSelection.Folds}.");
        var rows = LandmarkTargets.ForDataset(DatasetReader.Load(datasetDir), head, clip.TrainFrames);
        return Fit(clip, rows, head.Condition!.Frame.Indices, MouthGeneratorSelection.FrontEnds, MouthGeneratorSelection.Lambdas);
    }

    /// <param name="clip">Phones, audio and training frames; its measure targets are not used.</param>
    /// <param name="rows">Frames × row width landmark rows (training frames filled).</param>
    /// <param name="indices">The row's dlib indices (to find the inner lips, points 62 and 66).</param>
    public static LandmarkGeneratorFitResult Fit(MouthClip clip, float[] rows, IReadOnlyList<int> indices,
        IReadOnlyList<(string Name, PhoneFeatureConfig FrontEnd)> frontEnds, IReadOnlyList<double> lambdas)
    {
        int width = 2 * indices.Count;
        var components = LandmarkComponents.Fit(rows, width, clip.TrainFrames);
        var scored = clip with { Targets = components.Scores(rows) };
        int k = components.Count;
        var candidates = MouthGeneratorSelection.Evaluate(scored, frontEnds, lambdas, k, components.InnerOpening(indices));
        var generator = components.Attach(MouthGeneratorSelection.Choose(scored, candidates, k));
        return new LandmarkGeneratorFitResult(generator, candidates.MaxBy(c => c.CvCorrelation)!, components);
    }
}
