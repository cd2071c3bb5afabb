using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Render.Tests.Vulkan;
using EdgeAvatar.Train.Bake;

namespace EdgeAvatar.Render.Tests.Avatar;

/// <summary>
/// An r2talker avatar that carries a landmark generator: the generator travels in the .eavm and is checked on load
/// (a malformed one, or one that does not fit the head, is a data error), and the driver renders the rows it makes
/// from phones (different phones, different frames; no phones, its silence row; a landmark track still wins).
/// </summary>
public sealed class R2TalkerLandmarkGeneratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("r2t-lmgen-").FullName;

    private static AvatarModelConfig Config => TinyAvatar.R2TalkerOneLayerConfig;

    private const int Row = 74;

    /// <summary>
    /// One component: P B M closes it (score −2), AA opens it (+2), silence leaves the mean; the component moves
    /// every coordinate by up to ±0.05 around 0.5.
    /// </summary>
    private static MouthGenerator Generator()
    {
        var fe = new PhoneFeatureConfig { Classes = ["SIL", "P B M", "AA"], Context = 0, Energy = false };
        var rng = new Random(11);
        return new MouthGenerator
        {
            Kind = MouthGenerator.LandmarkKind,
            FrontEnd = fe,
            Measures = 1,
            Weights = [0f, -2f, 2f, 0f],
            Mean = Enumerable.Repeat(0.5f, Row).ToArray(),
            Basis = Enumerable.Range(0, Row).Select(_ => (float)(0.1 * rng.NextDouble() - 0.05)).ToArray(),
        };
    }

    /// <summary>The tiny r2talker avatar with a condition network that is not zero, so rows move the head.</summary>
    private static AvatarModel Create(MouthGenerator? mouth) => TinyAvatar.CreateR2Talker(seed: 5, Config, fillSeed: 9).WithMouth(mouth);

    /// <summary>The model with <paramref name="g"/> attached unchecked (WithMouth validates), as a damaged file would hold it.</summary>
    private static AvatarModel Unchecked(AvatarModel m, MouthGenerator g) => new(m.Blocks, m.Parameters, m.Occupancy, m.Camera,
        m.Plate, m.Normalization, m.PoseTrack, m.EyeTrack, m.TorsoTrack, m.MeanCentre, m.TorsoRegion) { Mouth = g };

    private static EavmTrainingInfo Info => new() { Dataset = "test", Steps = 1, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "test" };

    private string Bake(AvatarModel model, string name)
    {
        string path = Path.Combine(_dir, name);
        AvatarBaker.Write(model, [0], Info, half: false, path);
        return path;
    }

    /// <summary>A track of <paramref name="frames"/> frames, each 40 ms of <paramref name="phone"/>, over silent audio.</summary>
    private static PhoneMouthTrack Said(MouthGenerator g, string phone, int frames)
    {
        var phones = new[] { new TimedPhone(phone, 0, frames * 0.04) };
        return PhoneMouthTrack.FromPhones(g, phones, new float[frames * 640], 16000, 25.0, frames);
    }

    private static byte[][] Render(AvatarModel model, IMouthSource? mouth, LandmarkTrack? track, int frames)
    {
        using var driver = new AvatarDriver(model) { MouthSource = mouth, Landmarks = track };
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
    public void A_baked_landmark_generator_loads_back_exactly()
    {
        var g = Generator() with { Gain = 1.5f };
        var loaded = AvatarModelFile.Load(Bake(Create(g), "m.eavm")).Mouth;
        Assert.NotNull(loaded);
        Assert.Equal(MouthGenerator.LandmarkKind, loaded.Kind);
        Assert.Equal(g.Weights, loaded.Weights);
        Assert.Equal(g.Mean, loaded.Mean);
        Assert.Equal(g.Basis, loaded.Basis);
        Assert.Equal(g.FrontEnd.Classes, loaded.FrontEnd.Classes);
        Assert.Equal(1.5f, loaded.Gain);
        Assert.Equal(Row, loaded.Outputs);
    }

    [Theory]
    [InlineData("mean-range", "mouth.mean")]
    [InlineData("basis-length", "mouth.basis")]
    [InlineData("basis-size", "mouth.basis")]
    [InlineData("row-width", "mouth.mean")]
    [InlineData("kind", "mouth.kind")]
    [InlineData("measures-kind", "mouth.kind")]
    public void A_model_file_with_a_malformed_landmark_generator_is_refused_as_a_data_error(string broken, string field)
    {
        var g = Generator();
        g = broken switch
        {
            "mean-range" => g with { Mean = g.Mean.Select((v, i) => i == 3 ? 1.5f : v).ToArray() },
            "basis-length" => g with { Basis = g.Basis[1..] },
            "basis-size" => g with { Basis = g.Basis.Select((v, i) => i == 7 ? 2f : v).ToArray() },
            "row-width" => g with { Mean = g.Mean[..72], Basis = g.Basis[..72] },
            "kind" => g with { Kind = "phones-landmarks-v9" },
            // A measures generator on a landmark head (mean and basis dropped, so only the kind is wrong).
            _ => g with { Kind = MouthGenerator.LinearKind, Mean = [], Basis = [] },
        };
        string path = Path.Combine(_dir, broken + ".eavm");
        // The generator is written as the baker writes it (the manifest's mouth section), then the file is loaded.
        AvatarBaker.CreateWriter(Unchecked(Create(null), g), [0], Info, half: false).Write(path);
        var e = Assert.Throws<EdgeAvatarException>(() => AvatarModelFile.Load(path));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void A_landmark_generator_on_a_radnerf_model_is_refused_as_a_data_error()
    {
        string path = Path.Combine(_dir, "radnerf.eavm");
        AvatarBaker.CreateWriter(Unchecked(TinyAvatar.Create(seed: 3), Generator()), [0], Info, half: false).Write(path);
        var e = Assert.Throws<EdgeAvatarException>(() => AvatarModelFile.Load(path));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("mouth.kind", e.Message);
    }

    [Fact]
    public void Different_phones_render_different_frames_and_the_same_phones_the_same()
    {
        var model = Create(Generator());
        var open = Render(model, Said(model.Mouth!, "AA", 2), null, 2);
        var closed = Render(model, Said(model.Mouth!, "M", 2), null, 2);
        var openAgain = Render(model, Said(model.Mouth!, "AA", 2), null, 2);
        Assert.NotEqual(open[0], closed[0]);
        Assert.Equal(open[0], openAgain[0]);
        Assert.Equal(open[0], open[1]);
    }

    [Fact]
    public void Without_phones_the_generator_holds_its_silence_row_and_a_landmark_track_wins_over_it()
    {
        var model = Create(Generator());
        var silent = Render(model, null, null, 1)[0];
        // Silence scores 0 here (its weight and the bias are 0), so its row is the mean: a track of the mean renders the same.
        var mean = new LandmarkTrack(model.Mouth!.Mean.ToArray(), Row);
        Assert.Equal(silent, Render(model, Said(model.Mouth!, "AA", 1), mean, 1)[0]);
        Assert.NotEqual(silent, Render(model, Said(model.Mouth!, "AA", 1), null, 1)[0]);
    }

    [Fact]
    public void An_r2talker_model_without_a_generator_or_landmarks_still_refuses_with_a_usage_error()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => Render(Create(null), null, null, 1));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("--landmarks", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
