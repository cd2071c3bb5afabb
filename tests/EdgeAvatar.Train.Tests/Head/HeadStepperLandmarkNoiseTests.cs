using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Tests.Training;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>
/// <see cref="TrainPreset.LandmarkNoisePixels"/> inside an r2talker head step on the tiny real dataset: the FiLM vector
/// the field sees comes from moved landmarks when noise is on and from the recorded ones when it is off.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class HeadStepperLandmarkNoiseTests(TinyRun run)
{
    private const int Frame = 3;

    private static float[] FilmAfterOneStep(TinyRun run, float noisePixels, int seed)
    {
        var preset = TrainVariants.Apply(TinyRun.Preset, HeadModelConfig.R2TalkerVariant) with { LandmarkNoisePixels = noisePixels };
        Assert.Empty(preset.Validate());
        // The condition network's last layer starts at zero (FiLM starts as the identity), which would hide any input:
        // give the whole network small weights so its output depends on the positions.
        var (trainer, _, _) = TinyHeadStep.Run(run, preset, Frame, attention: false, seed, model =>
        {
            var net = model.Blocks.Head.ConditionNetwork!;
            var init = new Random(9);
            for (int i = 0; i < net.Count; i++) model.Parameters[net.Offset + i] = 0.2f * (init.NextSingle() - 0.5f);
        });
        return trainer.LastAudioCode.ToArray();
    }

    [SkippableFact]
    public void A_noisy_step_conditions_the_head_on_moved_landmarks_and_a_clean_one_on_the_recorded_ones()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var clean = FilmAfterOneStep(run, 0, seed: 5);
        Assert.Equal(clean, FilmAfterOneStep(run, 0, seed: 6)); // no draw reaches the condition without noise
        var noisy = FilmAfterOneStep(run, 2f, seed: 5);
        Assert.NotEqual(clean, noisy);
        Assert.NotEqual(noisy, FilmAfterOneStep(run, 2f, seed: 6));
        Assert.Equal(noisy, FilmAfterOneStep(run, 2f, seed: 5));
    }
}
