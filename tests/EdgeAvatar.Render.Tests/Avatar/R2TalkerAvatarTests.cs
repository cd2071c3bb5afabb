using EdgeAvatar.Common;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Tests.Vulkan;
using EdgeAvatar.Train.Bake;

namespace EdgeAvatar.Render.Tests.Avatar;

/// <summary>
/// An r2talker avatar end to end on the CPU: it bakes and loads with exactly its blocks, it renders from a landmark
/// track (the rows move the picture), and without landmarks, or with a damaged landmark file, it refuses with an
/// exit code instead of a crash.
/// </summary>
public sealed class R2TalkerAvatarTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("r2t-avatar-").FullName;

    private static AvatarModelConfig Config => TinyAvatar.R2TalkerOneLayerConfig;

    private static EavmTrainingInfo Info => new()
    {
        Dataset = "test", Steps = 1, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "test",
    };

    /// <summary>A tiny r2talker avatar whose condition network's last layer is not zero, so landmarks move the head.</summary>
    private static AvatarModel Create() => TinyAvatar.CreateR2Talker(seed: 5, Config, fillSeed: 9);

    private static LandmarkTrack Track(AvatarModel model, params int[] seeds)
    {
        int row = model.Config.Head.Condition!.PositionFloats;
        var rows = new float[seeds.Length * row];
        for (int k = 0; k < seeds.Length; k++)
        {
            var rng = new Random(seeds[k]);
            for (int i = 0; i < row; i++) rows[k * row + i] = (float)(0.2 + 0.6 * rng.NextDouble());
        }
        return new LandmarkTrack(rows, row);
    }

    private static byte[][] Render(AvatarModel model, LandmarkTrack? track, int frames)
    {
        using var driver = new AvatarDriver(model) { Landmarks = track };
        driver.Motion.FixedPose = true;
        driver.Motion.Blink = false;
        var window = new float[model.Config.Audio.WindowFloats];
        var images = new byte[frames][];
        for (int f = 0; f < frames; f++)
        {
            images[f] = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
            driver.RenderNext(window, [], images[f]);
        }
        return images;
    }

    [Fact]
    public void A_baked_r2talker_model_loads_back_with_exactly_its_blocks()
    {
        var model = Create();
        string path = Path.Combine(_dir, "m.eavm");
        AvatarBaker.Write(model, [0], Info, half: false, path);
        var loaded = AvatarModelFile.Load(path);
        Assert.True(loaded.Config.Head.IsR2Talker);
        Assert.Equal(model.Parameters, loaded.Parameters);
        using var file = EavmReader.Open(path);
        Assert.DoesNotContain(file.Tensors, t => t.Name == HeadParameters.AmbientGridName || t.Name == HeadParameters.AmbientMlpName);
        Assert.Contains(file.Tensors, t => t.Name == HeadParameters.LandmarkGridName);
    }

    [Fact]
    public void A_head_tensor_the_variant_does_not_have_is_refused_on_load()
    {
        var model = Create();
        var writer = AvatarBaker.CreateWriter(model, [0], Info, half: false);
        writer.AddTensor(HeadParameters.AmbientGridName, new float[4].AsSpan(), 4);
        string path = Path.Combine(_dir, "extra.eavm");
        writer.Write(path);
        var e = Assert.Throws<EdgeAvatarException>(() => AvatarModelFile.Load(path));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains(HeadParameters.AmbientGridName, e.Message);
    }

    [Fact]
    public void Landmark_rows_move_the_rendered_head_and_equal_rows_render_equal_frames()
    {
        var model = Create();
        var images = Render(model, Track(model, 1, 2, 1), 4);
        Assert.NotEqual(images[0], images[1]);
        Assert.Equal(images[0], images[2]);
        Assert.Equal(images[2], images[3]); // frame 3 is past the last row, which the track holds
    }

    [Fact]
    public void An_r2talker_model_without_landmarks_refuses_with_a_usage_error()
    {
        var model = Create();
        var e = Assert.Throws<EdgeAvatarException>(() => Render(model, null, 1));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("landmarks", e.Message);
    }

    [Theory]
    [InlineData("length", ExitCodes.DataError)]
    [InlineData("range", ExitCodes.DataError)]
    [InlineData("missing", ExitCodes.NoInput)]
    public void A_bad_landmark_file_is_refused_with_its_exit_code(string what, int code)
    {
        const int row = 74;
        string path = Path.Combine(_dir, what + ".f32");
        float[] values = what == "length" ? new float[row + 1] : new float[2 * row];
        if (what == "range") values[row + 3] = 1.5f;
        if (what != "missing") File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        var e = Assert.Throws<EdgeAvatarException>(() => LandmarkTrack.Load(path, row));
        Assert.Equal(code, e.ExitCode);
        if (what == "range") Assert.Contains("row 1", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
