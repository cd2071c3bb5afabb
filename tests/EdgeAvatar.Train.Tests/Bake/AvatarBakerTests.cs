using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Bake;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Tests.Training;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Bake;

/// <summary>
/// Baking the tiny run: fp32 bake → <see cref="AvatarModelFile.Load"/> gives exactly <see cref="RunModel.Load"/>'s
/// parameters, occupancy, plate and tracks; the fp16 bake renders within 0.1 dB PSNR (against the dataset's frames)
/// of the run's own render.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class AvatarBakerTests(TinyRun run)
{
    private static EavmTrainingInfo Info => new()
    {
        Dataset = "test", Steps = 40, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "test",
    };

    [SkippableFact]
    public void Fp32_bake_loads_back_exactly_the_runs_model()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var model = RunModel.Load(run.RunDirectory, out var info, out int steps);
        Assert.Equal(TinyRun.Preset.TotalSteps, steps);
        string path = Path.Combine(run.NewDirectory("bake32"), "m.eavm");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AvatarBaker.Write(model, [0], Info, half: false, path);
        var baked = AvatarModelFile.Load(path);

        Assert.Equal(model.Parameters, baked.Parameters);
        Assert.Equal(model.Occupancy.Bitfield, baked.Occupancy.Bitfield);
        Assert.Equal(model.Plate, baked.Plate);
        Assert.Equal(model.PoseTrack, baked.PoseTrack);
        Assert.Equal(model.EyeTrack, baked.EyeTrack);
        Assert.Equal(model.Config.Torso.TrackWidth * model.TrackLength, baked.TorsoTrack.Length);
        Assert.Equal(model.TorsoTrack, baked.TorsoTrack);
        Assert.Equal(model.MeanCentre, baked.MeanCentre);
        Assert.Equal(model.TorsoRegion, baked.TorsoRegion);
        Assert.Equal(model.Config, baked.Config, new ConfigJsonComparer());

        // ... and the run model really is the checkpoint: non-latent blocks equal the trained values verbatim, the
        // latent row is the mean of the training frames' rows.
        var ck = run.Final!;
        var trained = new AvatarParameters(info.Preset.Model, info.LatentRows);
        var spatial = trained.Head.SpatialGrid;
        Assert.Equal(ck.Parameters.AsSpan(spatial.Offset, spatial.Count).ToArray(),
            baked.Parameters.AsSpan(baked.Blocks.Head.SpatialGrid.Offset, spatial.Count).ToArray());
        int lw = info.Preset.Model.Head.LatentWidth;
        for (int k = 0; k < lw; k++)
        {
            double mean = info.TrainFrames.Average(r => (double)ck.Parameters[trained.Head.Latents.Offset + r * lw + k]);
            Assert.Equal(mean, baked.HeadLatent(0)[k], 1e-5);
        }
    }

    [SkippableFact]
    public void Fp16_bake_renders_within_a_tenth_of_a_decibel_of_the_run()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var model = RunModel.Load(run.RunDirectory, out var info, out _);
        string path = Path.Combine(run.NewDirectory("bake16"), "m.eavm");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AvatarBaker.Write(model, [0], Info, half: true, path);
        var baked = AvatarModelFile.Load(path);
        Assert.True(new FileInfo(path).Length > 0);
        Assert.NotEqual(model.Parameters, baked.Parameters);   // really rounded

        var data = TrainingSet.Load(run.DatasetDirectory);
        var full = new AvatarRenderer(model);
        var half = new AvatarRenderer(baked);
        var code = new float[model.Config.Head.AudioWidth];
        var rng = new Random(2);
        var a = new byte[data.Width * data.Height * 3];
        var b = new byte[a.Length];
        foreach (int frame in new[] { 0, 50, 120 })
        {
            for (int k = 0; k < code.Length; k++) code[k] = (float)(rng.NextDouble() * 2 - 1);
            float[] pose = data.CameraToWorld(frame);
            float eye = (float)data.Manifest.Frames[frame].Eye;
            var shift = data.TorsoShift(frame)[..model.Config.Torso.TrackWidth];
            full.Render(pose, shift, code, eye, 0, [], a);
            half.Render(pose, shift, code, eye, 0, [], b);
            double pa = Psnr(a, data.Frames[frame]), pb = Psnr(b, data.Frames[frame]);
            Assert.True(Math.Abs(pa - pb) < 0.1, $"frame {frame}: run {pa:F3} dB, fp16 bake {pb:F3} dB");
            Assert.True(Psnr(a, b) > 35, $"frame {frame}: run vs bake only {Psnr(a, b):F1} dB apart");
        }
    }

    private static double Psnr(byte[] x, byte[] y)
    {
        double se = 0;
        for (int i = 0; i < x.Length; i++) { double d = x[i] - y[i]; se += d * d; }
        double mse = se / x.Length;
        return mse == 0 ? 100 : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Configs hold arrays (Box), so records compare by reference; compare their JSON instead.</summary>
    private sealed class ConfigJsonComparer : IEqualityComparer<AvatarModelConfig>
    {
        public bool Equals(AvatarModelConfig? x, AvatarModelConfig? y)
            => System.Text.Json.JsonSerializer.Serialize(x, AvatarJson.Options) == System.Text.Json.JsonSerializer.Serialize(y, AvatarJson.Options);

        public int GetHashCode(AvatarModelConfig obj) => 0;
    }
}
