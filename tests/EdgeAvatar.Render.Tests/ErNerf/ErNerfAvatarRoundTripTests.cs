using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Tests.Vulkan;
using EdgeAvatar.Train.Bake;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// An ernerf avatar on the CPU renderer: a bake holds exactly the variant's head blocks, loads back, and renders the
/// same pixels as the model it was baked from; its audio moves the picture (the attention path is live).
/// </summary>
public sealed class ErNerfAvatarRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ernerf-avatar-").FullName;

    internal static EavmTrainingInfo Info => new()
    {
        Dataset = "test", Steps = 1, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "test",
    };

    /// <summary>Frames rendered from audio windows drawn from the given seeds, at the fixed idle pose.</summary>
    private static byte[][] Render(AvatarModel model, params int[] windowSeeds)
    {
        using var driver = new AvatarDriver(model);
        driver.Motion.FixedPose = true;
        driver.Motion.Blink = false;
        var images = new byte[windowSeeds.Length][];
        for (int f = 0; f < windowSeeds.Length; f++)
        {
            var window = new float[model.Config.Audio.WindowFloats];
            TinyAvatar.Fill(window, new Random(windowSeeds[f]), 3f);
            images[f] = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
            driver.RenderNext(window, [], images[f]);
        }
        return images;
    }

    [Fact]
    public void A_baked_ernerf_model_loads_back_with_its_blocks_and_renders_the_same_pixels()
    {
        var model = TinyErNerfAvatar.Create(seed: 5);
        string path = Path.Combine(_dir, "m.eavm");
        AvatarBaker.Write(model, [0], Info, half: false, path);

        var loaded = AvatarModelFile.Load(path);

        Assert.True(loaded.Config.Head.IsErNerf);
        Assert.Equal(model.Config.Head.TriPlane, loaded.Config.Head.TriPlane);
        Assert.Equal(model.Parameters, loaded.Parameters);
        using (var file = EavmReader.Open(path))
        {
            var head = file.Tensors.Select(t => t.Name).Where(n => n.StartsWith("head.", StringComparison.Ordinal)).Order().ToArray();
            Assert.Equal(new[]
            {
                HeadParameters.AudioAttentionName, HeadParameters.ColorMlpName, HeadParameters.EyeAttentionName,
                HeadParameters.LatentsName, HeadParameters.SigmaMlpName, HeadParameters.TriPlaneName,
            }.Order(), head);
        }
        var expected = Render(model, 1, 2);
        var actual = Render(loaded, 1, 2);
        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected[1], actual[1]);
        // The head is drawn at all: the rendered frame is not the plate everywhere.
        Assert.NotEqual(model.Plate, expected[0]);
    }

    [Fact]
    public void Different_audio_renders_a_different_head_and_the_same_audio_the_same_head()
    {
        // Each from a fresh driver: a driver's audio code also depends on the windows before (its attention).
        var model = TinyErNerfAvatar.Create(seed: 7);
        byte[] first = Render(model, 1)[0], other = Render(model, 2)[0], again = Render(model, 1)[0];
        Assert.NotEqual(first, other);
        Assert.Equal(first, again);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
