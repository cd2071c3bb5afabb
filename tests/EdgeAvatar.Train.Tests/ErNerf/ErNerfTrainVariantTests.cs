using EdgeAvatar.Common;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary>
/// <c>train --variant ernerf</c> (<see cref="TrainVariants"/>): the preset's head becomes an ernerf head of the sizes
/// the design proposes, with exactly the parameter count counted by hand in
/// docs/results/2026-12-05-ernerf-components.md; an unknown name is a usage error that lists the names.
/// </summary>
public sealed class ErNerfTrainVariantTests
{
    /// <summary>
    /// Head parameters by hand (results file): quick = planes 271 488 + audio attention 2 176 + eye attention 592 +
    /// sigma 5 440 + colour 1 216 + latent 4 = 280 916; full = 490 752 + 4 352 + 592 + 12 672 + 5 568 + 4 = 513 940.
    /// </summary>
    [Theory]
    [InlineData("quick", 280_916)]
    [InlineData("full", 513_940)]
    public void The_ernerf_variant_makes_a_valid_preset_whose_head_has_the_hand_counted_parameters(string presetName, long headParameters)
    {
        var preset = TrainVariants.Apply(TrainPreset.ByName(presetName), "ernerf");

        Assert.Empty(preset.Validate());
        var head = preset.Model.Head;
        Assert.True(head.IsErNerf);
        Assert.False(head.AudioGate);
        var blocks = new AvatarParameters(preset.Model, latentRows: 1);
        long count = blocks.Layout.Blocks.Where(b => b.Name.StartsWith("head.", StringComparison.Ordinal)).Sum(b => (long)b.Count);
        Assert.Equal(headParameters, count);
        Assert.DoesNotContain(blocks.Layout.Blocks, b => b.Name is "head.spatial_grid" or "head.ambient_grid" or "head.ambient_mlp");
    }

    /// <summary>
    /// torso.net by hand (docs/results/2026-12-05-ernerf-components.md, "Does full fit ≤ 4 MiB?"): the full torso's
    /// 16 levels × 2 features at 2^16 per level give 1 126 464 parameters with its MLPs, at 2^15 641 648; quick's
    /// torso is 577 632 for every variant.
    /// </summary>
    [Theory]
    [InlineData("full", "ernerf", 641_648)]
    [InlineData("full", "radnerf", 1_126_464)]
    [InlineData("quick", "ernerf", 577_632)]
    [InlineData("quick", "radnerf", 577_632)]
    public void Only_the_ernerf_full_torso_grid_is_halved_to_fit_the_4_mib_model(string presetName, string variant, long torsoParameters)
    {
        var preset = TrainVariants.Apply(TrainPreset.ByName(presetName), variant);

        Assert.Empty(preset.Validate());
        var blocks = new AvatarParameters(preset.Model, latentRows: 1);
        Assert.Equal(torsoParameters, blocks.Layout.Blocks.Single(b => b.Name == "torso.net").Count);
    }

    [Fact]
    public void The_variant_names_include_ernerf_and_an_unknown_name_is_a_usage_error_listing_them()
    {
        Assert.Contains("ernerf", TrainVariants.Names);
        var e = Assert.Throws<EdgeAvatarException>(() => TrainVariants.Apply(TrainPreset.Quick, "er-nerf"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("ernerf", e.Message);
    }

    [Fact]
    public void An_ernerf_head_refuses_the_audio_gate_and_a_missing_tri_plane()
    {
        var head = TrainVariants.Apply(TrainPreset.Quick, "ernerf").Model.Head;
        Assert.Contains((head with { AudioGate = true }).Validate(), p => p.StartsWith("AudioGate", StringComparison.Ordinal));
        Assert.Contains((head with { TriPlane = null }).Validate(), p => p.StartsWith("TriPlane is missing", StringComparison.Ordinal));
        Assert.Contains((head with { Variant = "radnerf" }).Validate(), p => p.StartsWith("TriPlane is set", StringComparison.Ordinal));
        Assert.Contains((head with { TriPlane = head.TriPlane! with { Plane = TriPlaneEncoding.ErNerfPlane with { Dimensions = 3 } } }).Validate(),
            p => p.StartsWith("TriPlane: Plane has 3 dimensions", StringComparison.Ordinal));
    }
}
