using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Tests.Training;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>
/// <see cref="TrainPreset.AudioAugment"/> inside a head step on the tiny real dataset: the audio code the field sees
/// is computed from disguised windows when augmentation is on, and from the clip's own windows when it is off or the
/// step's draw skips it.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class HeadStepperAudioAugmentTests(TinyRun run)
{
    private const int Frame = 3;

    private static float[] CodeAfterOneStep(TinyRun run, AudioAugmentConfig augment)
    {
        var preset = TinyRun.Preset with { AudioAugment = augment };
        var (trainer, _, _) = TinyHeadStep.Run(run, preset, Frame, attention: true, seed: 5);
        return trainer.LastAudioCode.ToArray();
    }

    [SkippableFact]
    public void An_augmented_step_feeds_the_audio_network_other_features_than_the_clip_s_own()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var clean = CodeAfterOneStep(run, new AudioAugmentConfig());
        var always = CodeAfterOneStep(run, new AudioAugmentConfig { Type = AudioAugmentConfig.Spectral, Probability = 1 });
        var skipped = CodeAfterOneStep(run, new AudioAugmentConfig { Type = AudioAugmentConfig.Spectral, Probability = 0 });
        Assert.NotEqual(clean, always);
        Assert.Equal(clean, skipped);
    }
}
