using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.AudioNetworks;
using EdgeAvatar.Train.Training;
using Xunit.Abstractions;

namespace EdgeAvatar.Train.Tests.AudioNetworks;

/// <summary>
/// A measurement, not a check: the landmark generator fit that <c>train --variant r2talker --mouth-generator phones</c>
/// runs first, alone, on a prepared dataset named by <c>EDGEAVATAR_LANDMARK_FIT_DATASET</c> (skipped without it). It
/// prints the chosen front end, the components and the held-out-fold correlation the trainer prints, and the
/// inner-opening correlation on the dataset's validation frames, which the fit never sees.
/// <c>EDGEAVATAR_LANDMARK_FIT_DATASET=DIR dotnet test tests/EdgeAvatar.Train.Tests -c Release --filter
/// "FullyQualifiedName~LandmarkGeneratorDatasetFit" --logger "console;verbosity=detailed"</c>
/// </summary>
public sealed class LandmarkGeneratorDatasetFit(ITestOutputHelper output)
{
    [SkippableFact]
    public void Fit_on_the_named_dataset_and_print_its_held_out_figures()
    {
        string? dir = Environment.GetEnvironmentVariable("EDGEAVATAR_LANDMARK_FIT_DATASET");
        Skip.If(string.IsNullOrEmpty(dir), "set EDGEAVATAR_LANDMARK_FIT_DATASET to a prepared dataset");
        var head = TrainVariants.Apply(TrainPreset.Quick, HeadModelConfig.R2TalkerVariant).Model.Head;
        using var recognizer = new PhoneRecognizer();
        var clip = Train.Data.MouthClip.Load(dir!, recognizer);
        var reader = DatasetReader.Load(dir!);
        var rows = LandmarkTargets.ForDataset(reader, head, [.. clip.TrainFrames, .. clip.HeldOutFrames]);
        var fit = LandmarkGeneratorSelection.Fit(clip, rows, head.Condition!.Frame.Indices,
            MouthGeneratorSelection.FrontEnds, MouthGeneratorSelection.Lambdas);
        var c = fit.Components;
        output.WriteLine($"{clip.TrainFrames.Length} training frames, {clip.HeldOutFrames.Length} validation frames, {clip.Phones.Count} phones");
        output.WriteLine($"components: {c.Count} ({c.Explained:P1} of the variance), std {string.Join(" ", c.Std.Select(s => s.ToString("F4")))}");
        output.WriteLine($"chosen: {fit.Chosen.Name}, ridge λ {fit.Chosen.Lambda:G3}, held-out-fold inner-opening r {fit.Chosen.CvCorrelation:F3}, "
            + $"spread ratio before matching {fit.Chosen.CvSpreadRatio:F3}");

        // Validation frames: the rebuilt rows' inner opening (y62 − y66) against the recorded one.
        var predicted = fit.Generator.Predict(clip.Features(fit.Generator.FrontEnd), clip.Frames);
        int w = fit.Generator.Outputs, top = 2 * Array.IndexOf(head.Condition.Frame.Indices, 62) + 1,
            bottom = 2 * Array.IndexOf(head.Condition.Frame.Indices, 66) + 1;
        float[] Opening(float[] r, int[] frames) => frames.Select(f => r[f * w + top] - r[f * w + bottom]).ToArray();
        int[] all = Enumerable.Range(0, clip.HeldOutFrames.Length).ToArray();
        float[] p = Opening(predicted, clip.HeldOutFrames), y = Opening(rows, clip.HeldOutFrames);
        output.WriteLine($"validation frames: inner-opening r {MouthGeneratorFit.Correlation(p, y, 1, 0, all):F3}, "
            + $"spread ratio (p90 − p10, predicted ÷ recorded) {MouthGeneratorFit.Spread(p, 1, 0, all) / MouthGeneratorFit.Spread(y, 1, 0, all):F3}");
        float[] pt = Opening(predicted, clip.TrainFrames), yt = Opening(rows, clip.TrainFrames);
        int[] allT = Enumerable.Range(0, clip.TrainFrames.Length).ToArray();
        output.WriteLine($"training frames (in sample): inner-opening r {MouthGeneratorFit.Correlation(pt, yt, 1, 0, allT):F3}, "
            + $"spread ratio {MouthGeneratorFit.Spread(pt, 1, 0, allT) / MouthGeneratorFit.Spread(yt, 1, 0, allT):F3}");
    }
}
