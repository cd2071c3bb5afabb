using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Render.Tests.Vulkan;
using EdgeAvatar.Train.Bake;

namespace EdgeAvatar.Render.Tests.Mouth;

/// <summary>The generator travels in the .eavm manifest, is validated on load, and its absence (old models) is fine.</summary>
public sealed class MouthModelFileTests
{
    private static MouthGenerator Generator(int measures = 4)
    {
        var fe = new PhoneFeatureConfig { Context = 1 };
        return new MouthGenerator
        {
            FrontEnd = fe,
            Measures = measures,
            Weights = Enumerable.Range(0, (fe.Width + 1) * measures).Select(i => 0.01f * i - 1f).ToArray(),
        };
    }

    private static AvatarModel WithMouth(AvatarModel m, MouthGenerator? g) => new(m.Blocks, m.Parameters, m.Occupancy, m.Camera,
        m.Plate, m.Normalization, m.PoseTrack, m.EyeTrack, m.TorsoTrack, m.MeanCentre, m.TorsoRegion) { Mouth = g };

    private static string Bake(AvatarModel model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mouth-{Guid.NewGuid():N}.eavm");
        AvatarBaker.Write(model, [0], new EavmTrainingInfo { Dataset = "t", Steps = 1, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "t" },
            half: false, path);
        return path;
    }

    [Fact]
    public void A_baked_generator_loads_back_exactly()
    {
        var g = Generator();
        string path = Bake(WithMouth(TinyAvatar.Create(seed: 3), g));
        try
        {
            var loaded = AvatarModelFile.Load(path).Mouth;
            Assert.NotNull(loaded);
            Assert.Equal(g.Weights, loaded.Weights);
            Assert.Equal(g.FrontEnd.Classes, loaded.FrontEnd.Classes);
            Assert.Equal(g.FrontEnd.Context, loaded.FrontEnd.Context);
            Assert.Equal(g.Measures, loaded.Measures);
            Assert.Equal(1f, loaded.Gain);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_baked_gain_loads_back_and_a_generator_written_before_gains_existed_reads_as_gain_1()
    {
        string path = Bake(WithMouth(TinyAvatar.Create(seed: 3), Generator() with { Gain = 1.75f }));
        try { Assert.Equal(1.75f, AvatarModelFile.Load(path).Mouth!.Gain); }
        finally { File.Delete(path); }

        // The mouth section as models baked before the field existed wrote it: no "gain".
        const string Old = """{"kind":"phones-linear-v1","frontEnd":{"classes":["P B M"],"context":0,"energy":false},"measures":1,"weights":[2,3]}""";
        var old = System.Text.Json.JsonSerializer.Deserialize<MouthGenerator>(Old, AvatarJson.Options)!;
        Assert.Equal(1f, old.Gain);
        Assert.Empty(old.Validate());
    }

    [Fact]
    public void A_model_without_a_generator_still_loads()
    {
        string path = Bake(TinyAvatar.Create(seed: 3));
        try { Assert.Null(AvatarModelFile.Load(path).Mouth); }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("weights")]
    [InlineData("measures")]
    [InlineData("nan")]
    [InlineData("classes")]
    [InlineData("gain")]
    public void A_broken_generator_is_refused_naming_the_field(string broken)
    {
        var m = TinyAvatar.Create(seed: 3);
        var g = Generator();
        g = broken switch
        {
            "weights" => g with { Weights = g.Weights[1..] },
            "measures" => Generator(measures: 3),
            "nan" => g with { Weights = g.Weights.Select((v, i) => i == 5 ? float.NaN : v).ToArray() },
            "gain" => g with { Gain = 0f },
            _ => g with { FrontEnd = g.FrontEnd with { Classes = ["P B", "B M"] } },
        };
        var info = new BakedAvatarInfo(m.Config, m.Camera, m.MeanCentre, m.TorsoRegion, m.Normalization, m.TrackLength, false, g);
        var e = Assert.Throws<EdgeAvatarException>(() => AvatarModelValidator.CheckInfo(info, "m.eavm"));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains(broken switch { "weights" or "nan" => "mouth.weights", "measures" => "mouth.measures", "gain" => "mouth.gain", _ => "mouth.frontEnd.classes" }, e.Message);
    }
}
