using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// The mouth generator a run with <see cref="MouthGenerators.Phones"/> carries: a landmark generator for an r2talker
/// head (it is conditioned on landmark rows), a measures generator otherwise. It depends only on the dataset, the
/// preset and the recogniser, never on the head's weights (an r2talker head trains without it, a radnerf head only
/// reads the recorded measures while forcing), so <c>bake --refit-mouth</c> can fit it again after the recogniser
/// changed and get what a new run would.
/// </summary>
public static class RunMouthGenerator
{
    /// <param name="notes">Receives one line naming the chosen front end and its held-out-fold correlation.</param>
    public static MouthGenerator Fit(string datasetDir, TrainPreset preset, Action<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        using var recognizer = new PhoneRecognizer();
        MouthGenerator generator;
        if (preset.Model.Head.IsR2Talker)
        {
            var fit = LandmarkGeneratorSelection.FitForDataset(datasetDir, recognizer, preset.Model.Head);
            notes?.Invoke($"landmark generator: {fit.Chosen.Name}, ridge λ {fit.Chosen.Lambda:G3}, {fit.Components.Count} components "
                + $"({fit.Components.Explained:P1} of the variance), held-out-fold inner-opening r {fit.Chosen.CvCorrelation:F3}");
            generator = fit.Generator;
        }
        else
        {
            var (measures, chosen) = MouthGeneratorSelection.FitForDataset(datasetDir, recognizer);
            notes?.Invoke($"mouth generator: {chosen.Name}, ridge λ {chosen.Lambda:G3}, held-out-fold inner-opening r {chosen.CvCorrelation:F3}");
            generator = measures;
        }
        if (recognizer.FallbackUtterances > 0)
            notes?.Invoke($"phone recogniser: {recognizer.FallbackUtterances} utterance(s) decoded again with the wide beam, "
                + $"{recognizer.DroppedPhones} phone(s) dropped");
        return generator;
    }
}
