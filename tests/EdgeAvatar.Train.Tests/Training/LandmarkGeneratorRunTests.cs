using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.AudioNetworks;
using EdgeAvatar.Train.Bake;
using EdgeAvatar.Train.Eval;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Training;

/// <summary>
/// An r2talker run with <c>MouthGenerator = phones</c> on the tiny real dataset: it fits a landmark generator (not a
/// measures one) before training, trains without mouth code forcing, and the generator reaches the baked .eavm and
/// drives eval's product path.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class LandmarkGeneratorRunTests(TinyRun run)
{
    private static void SkipWithoutRecognizer(TinyRun run)
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        Skip.IfNot(PocketSphinxLibrary.IsAvailable, "libpocketsphinx3/libsphinxbase3 are not installed");
        Skip.IfNot(File.Exists(Path.Combine(PocketSphinxLibrary.DebianModelDirectory, "en-us-phone.lm.bin")), "pocketsphinx-en-us is not installed");
    }

    [Fact]
    public void The_r2talker_variant_turns_mouth_code_forcing_off_and_accepts_the_phones_generator()
    {
        // What `train --mouth-generator phones --variant r2talker` builds: phones sets full forcing, the variant clears it.
        var preset = TrainVariants.Apply(TrainPreset.Quick with { MouthGenerator = MouthGenerators.Phones, MouthCodeForcing = 1 },
            HeadModelConfig.R2TalkerVariant);
        Assert.Equal(0f, preset.MouthCodeForcing);
        Assert.Empty(preset.Validate());
        var forced = Assert.Single((preset with { MouthCodeForcing = 1 }).Validate());
        Assert.Contains(nameof(TrainPreset.MouthCodeForcing), forced);
    }

    [SkippableFact]
    public void An_r2talker_phones_run_keeps_its_landmark_generator_through_training_bake_and_eval()
    {
        SkipWithoutRecognizer(run);
        string dir = run.NewDirectory("r2t-phones");
        var preset = TrainVariants.Apply(TinyRun.Preset with { HeadSteps = 2, TorsoSteps = 1, MouthGenerator = MouthGenerators.Phones },
            HeadModelConfig.R2TalkerVariant);
        var (trainer, rd) = TrainSession.Open(run.DatasetDirectory, dir, preset, resume: false, null, CancellationToken.None);
        using (trainer) trainer.Run(int.MaxValue, null, c => c.Write(rd.CheckpointFile), CancellationToken.None);

        var model = RunModel.Load(dir, out var info, out _);
        var g = model.Mouth;
        Assert.NotNull(g);
        Assert.Equal(MouthGenerator.LandmarkKind, g.Kind);
        Assert.Equal(model.Config.Head.Condition!.PositionFloats, g.Outputs);

        // The generator's mean is the training frames' mean row, as the head's condition builds the rows.
        var reader = DatasetReader.Load(run.DatasetDirectory);
        var rows = LandmarkTargets.ForDataset(reader, model.Config.Head, info.TrainFrames);
        for (int i = 0; i < g.Outputs; i++)
            Assert.Equal(info.TrainFrames.Average(f => rows[f * g.Outputs + i]), g.Mean[i], 4);

        // What bake --refit-mouth fits from the run's own record is what training stored: the head does not enter it.
        var refitted = RunMouthGenerator.Fit(info.Dataset, info.Preset);
        Assert.Equal(g.Weights, refitted.Weights);
        Assert.Equal(g.Basis, refitted.Basis);
        Assert.Equal(g.Mean, refitted.Mean);

        string baked = Path.Combine(dir, "baked.eavm");
        AvatarBaker.Write(model, info.TrainFrames, new Model.EavmTrainingInfo
        {
            Dataset = run.DatasetDirectory, Steps = 3, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "test",
        }, half: true, baked);
        var loaded = AvatarModelFile.Load(baked);
        Assert.Equal(g.Basis, loaded.Mouth!.Basis);

        // Eval's product path: the generator's rows over the clip's recognised phones render the held-out frame.
        using var recognizer = new PhoneRecognizer();
        var track = PhoneMouthTrack.Recognize(loaded.Mouth, recognizer,
            Media.AudioDecoder.DecodeFloat(reader.PathOf(reader.Manifest.Files.AudioWav)), reader.Manifest.Fps);
        var rgb = new byte[loaded.Camera.Width * loaded.Camera.Height * 3];
        new DatasetFrameRenderer(reader, loaded, track).Render(reader.Manifest.Split.Val.First, rgb);
        Assert.Contains(rgb, b => b != 0);
    }
}
