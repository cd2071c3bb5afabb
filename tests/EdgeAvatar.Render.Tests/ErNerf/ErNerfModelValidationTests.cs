using System.Text.Json.Nodes;
using EdgeAvatar.Common;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.Bake;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// The loader's checks of an ernerf .eavm (<see cref="AvatarModelFile"/>, <see cref="AvatarModelValidator"/>): a head
/// tensor of another variant, a missing ernerf block, and a manifest whose ernerf head lacks its tri-plane fields are
/// each refused with <see cref="ExitCodes.DataError"/> naming what is wrong, never a half-built model or a crash.
/// </summary>
public sealed class ErNerfModelValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ernerf-validate-").FullName;

    private string Write(AvatarModel model, string name, Func<string, bool> keep, Action<JsonObject>? editConfig = null)
        => EditedModelFile.Write(model, _dir, name, keep, editConfig);

    private static EdgeAvatarException Refused(string path)
    {
        var e = Assert.Throws<EdgeAvatarException>(() => AvatarModelFile.Load(path));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        return e;
    }

    [Fact]
    public void The_unchanged_copy_loads()
    {
        // The rewriting itself must not break a file, or the refusals below would prove nothing.
        var model = TinyErNerfAvatar.Create(seed: 3);
        var loaded = AvatarModelFile.Load(Write(model, "same", _ => true));
        Assert.Equal(model.Parameters, loaded.Parameters);
    }

    [Theory]
    [InlineData(HeadParameters.SpatialGridName)]
    [InlineData(HeadParameters.AmbientGridName)]
    [InlineData(HeadParameters.AmbientMlpName)]
    public void An_ernerf_file_with_a_radnerf_head_tensor_is_refused(string radnerfBlock)
    {
        var model = TinyErNerfAvatar.Create(seed: 3);
        var writer = AvatarBaker.CreateWriter(model, [0], ErNerfAvatarRoundTripTests.Info, half: false);
        writer.AddTensor(radnerfBlock, new float[8].AsSpan(), 8);
        string path = Path.Combine(_dir, "extra.eavm");
        writer.Write(path);
        var e = Refused(path);
        Assert.Contains(radnerfBlock, e.Message);
        Assert.Contains("ernerf", e.Message);
    }

    [Theory]
    [InlineData(HeadParameters.TriPlaneName)]
    [InlineData(HeadParameters.AudioAttentionName)]
    [InlineData(HeadParameters.EyeAttentionName)]
    public void An_ernerf_file_missing_one_of_its_blocks_is_refused(string block)
    {
        var model = TinyErNerfAvatar.Create(seed: 3);
        var e = Refused(Write(model, "missing", name => name != block));
        Assert.Contains(block, e.Message);
    }

    [Fact]
    public void An_ernerf_manifest_without_its_tri_plane_fields_is_refused()
    {
        var model = TinyErNerfAvatar.Create(seed: 3);
        var e = Refused(Write(model, "notriplane", _ => true, config =>
        {
            var head = config["model"]!["head"]!.AsObject();
            Assert.True(head.Remove("triPlane"));
        }));
        Assert.Contains("TriPlane is missing", e.Message);
    }

    [Fact]
    public void A_radnerf_manifest_over_ernerf_tensors_is_refused()
    {
        var model = TinyErNerfAvatar.Create(seed: 3);
        var e = Refused(Write(model, "radnerf", _ => true, config =>
        {
            var head = config["model"]!["head"]!.AsObject();
            head["variant"] = HeadModelConfig.RadNerfVariant;
            head.Remove("triPlane");
        }));
        // The radnerf layout needs its spatial grid, which the file lacks.
        Assert.Contains(HeadParameters.SpatialGridName, e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
