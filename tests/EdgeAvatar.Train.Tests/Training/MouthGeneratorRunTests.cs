using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Train.Bake;
using EdgeAvatar.Train.Eval;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Training;

/// <summary>
/// A run with <c>MouthGenerator = phones</c> on the tiny real dataset: its model carries the generator from the scene
/// file through training and bake to the .eavm the device loads, and eval renders the mouth it is given.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class MouthGeneratorRunTests(TinyRun run)
{
    private static void SkipWithoutRecognizer(TinyRun run)
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        Skip.IfNot(PocketSphinxLibrary.IsAvailable, "libpocketsphinx3/libsphinxbase3 are not installed");
        Skip.IfNot(File.Exists(Path.Combine(PocketSphinxLibrary.DebianModelDirectory, "en-us-phone.lm.bin")), "pocketsphinx-en-us is not installed");
    }

    [SkippableFact]
    public void A_phones_run_keeps_its_fitted_generator_through_training_and_bake()
    {
        SkipWithoutRecognizer(run);
        string dir = run.NewDirectory("phones");
        var preset = TinyRun.Preset with { HeadSteps = 2, TorsoSteps = 1, MouthGenerator = MouthGenerators.Phones, MouthCodeForcing = 1 };
        var (trainer, rd) = TrainSession.Open(run.DatasetDirectory, dir, preset, resume: false, null, CancellationToken.None);
        using (trainer) trainer.Run(int.MaxValue, null, c => c.Write(rd.CheckpointFile), CancellationToken.None);

        var scene = AvatarModelFile.Load(Path.Combine(dir, RunModel.SceneFileName)).Mouth;
        Assert.NotNull(scene);
        Assert.Empty(scene.Validate());
        Assert.Equal(TrainPreset.Quick.Model.Audio.MouthTargets, scene.Measures);

        // Fitted on this clip: in sample, its inner-opening prediction follows the recorded one.
        using var recognizer = new PhoneRecognizer();
        var clip = Train.Data.MouthClip.Load(run.DatasetDirectory, recognizer);
        float[] predicted = scene.Predict(clip.Features(scene.FrontEnd), clip.Frames);
        double r = Train.AudioNetworks.MouthGeneratorFit.Correlation(predicted, clip.Targets, scene.Measures, 0, clip.TrainFrames);
        Assert.True(r > 0.2, $"in-sample inner-opening r {r:F3}");

        var model = RunModel.Load(dir, out var info, out _);
        Assert.Equal(scene.Weights, model.Mouth!.Weights);
        string baked = Path.Combine(dir, "baked.eavm");
        AvatarBaker.Write(model, info.TrainFrames, new Model.EavmTrainingInfo
        {
            Dataset = run.DatasetDirectory, Steps = 3, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "test",
        }, half: true, baked);
        var loaded = AvatarModelFile.Load(baked).Mouth;
        Assert.NotNull(loaded);
        Assert.Equal(scene.FrontEnd.Width, loaded.FrontEnd.Width);
        Assert.Equal(scene.Weights, loaded.Weights);
    }

    [SkippableFact]
    public void Eval_renders_the_mouth_its_source_gives_and_the_audio_networks_where_the_source_has_none()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var model = RunModel.Load(run.RunDirectory, out _, out _);
        var dataset = DatasetReader.Load(run.DatasetDirectory);
        int frame = dataset.Manifest.Split.Val.First, n = model.Camera.Width * model.Camera.Height * 3;
        byte[] Render(IMouthSource? mouth)
        {
            var rgb = new byte[n];
            new DatasetFrameRenderer(dataset, model, mouth).Render(frame, rgb);
            return rgb;
        }
        byte[] audio = Render(null), wide = Render(new ConstantMouth(3f, frame)), shut = Render(new ConstantMouth(-3f, frame));
        Assert.NotEqual(audio, wide);
        Assert.NotEqual(wide, shut);
        Assert.Equal(audio, Render(new ConstantMouth(3f, frame + 1)));
    }

    /// <summary>The same value in every measure, for one frame only.</summary>
    private sealed class ConstantMouth(float value, long only) : IMouthSource
    {
        public int Measures => 4;

        public bool TryGet(long frame, Span<float> measures)
        {
            if (frame != only) return false;
            measures.Fill(value);
            return true;
        }
    }
}
