using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Tests.Training;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>
/// <see cref="TrainPreset.MouthCodeForcing"/> inside a head step on the tiny real dataset: what the field sees and
/// which gradients reach the audio network's output layer.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class HeadStepperForcingTests(TinyRun run)
{
    private const int Frame = 3;

    private (HeadStepper Trainer, TrainingSet Data, Render.Avatar.AvatarModel Model) Step(float forcing, float regression, bool attention = true)
    {
        var preset = TinyRun.Preset with { MouthCodeForcing = forcing, MouthProbeWeight = regression };
        return TinyHeadStep.Run(run, preset, Frame, attention, seed: 5);
    }

    /// <summary>Gradient rows of the audio network's output layer for code entries [from, to).</summary>
    private static float[] OutputRows(Render.Avatar.AvatarModel model, float[] gradients, int from, int to)
    {
        var layer = model.Config.Audio.DenseLayers[1];
        int at = model.Blocks.AudioNet.Offset;
        var rows = new List<float>();
        for (int o = from; o < to; o++)
        {
            rows.AddRange(gradients.AsSpan(at + layer.WeightOffset + o * layer.In, layer.In).ToArray());
            rows.Add(gradients[at + layer.BiasOffset + o]);
        }
        return [.. rows];
    }

    [SkippableFact]
    public void A_forced_step_shows_the_field_the_recorded_mouth_measures()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var (forced, data, _) = Step(forcing: 1f, regression: 1e-2f);
        Assert.Equal(data.MouthShape(Frame).ToArray(), forced.LastAudioCode[..MouthShapeTargets.Count].ToArray());
        var (free, _, _) = Step(forcing: 0f, regression: 1e-2f);
        Assert.NotEqual(data.MouthShape(Frame).ToArray(), free.LastAudioCode[..MouthShapeTargets.Count].ToArray());
    }

    [SkippableFact]
    public void A_forced_step_trains_the_mouth_entries_by_the_regression_alone()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        int k = MouthShapeTargets.Count;
        // Attention off: with it on, the forced entries of the neighbours' codes are also inputs of the attention
        // net, a legitimate path for the field's gradient into them.
        // Regression off: the forced entries get nothing (the field's gradient there is dropped); the others do.
        var (silent, _, model) = Step(forcing: 1f, regression: 0f, attention: false);
        Assert.All(OutputRows(model, silent.Gradients, 0, k), g => Assert.Equal(0f, g));
        Assert.Contains(OutputRows(model, silent.Gradients, k, model.Config.Audio.OutputWidth), g => g != 0f);
        // Regression on: the forced entries are trained.
        var (trained, _, _) = Step(forcing: 1f, regression: 1e-2f, attention: false);
        Assert.Contains(OutputRows(model, trained.Gradients, 0, k), g => g != 0f);
        // Not forced, regression off: the field's own gradient reaches them.
        var (free, _, _) = Step(forcing: 0f, regression: 0f, attention: false);
        Assert.Contains(OutputRows(model, free.Gradients, 0, k), g => g != 0f);
    }
}
