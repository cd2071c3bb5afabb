using EdgeAvatar.Kernels;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Render.Tests.Torso;

public class TorsoConfigTests
{
    [Fact]
    public void RadNerf_input_widths_are_the_documented_ones()
    {
        TorsoConfig c = TorsoConfig.RadNerf;
        Assert.Equal(42, c.CoordEncodingWidth);
        Assert.Equal(54 + 4, c.PoseEncodingWidth); // RAD-NeRF's 54 + our 4 torso-track inputs
        Assert.Equal(42 + 58 + 8, c.DeformMlp.InputWidth);
        Assert.Equal(32 + 58 + 8, c.ColorMlp.InputWidth);
        Assert.Equal(2, c.DeformMlp.HiddenLayers);
        Assert.Equal(2, c.Grid.Dimensions);
        Assert.Equal(18, c.Grid.Log2TableSize);
    }

    [Fact]
    public void Parameter_count_is_grid_table_plus_both_mlps()
    {
        TorsoConfig c = TorsoConfig.RadNerf;
        long table = new GridEncodingLayout(c.Grid).TableFloats;
        int deform = 108 * 64 + 64 * 64 + 64 * 2;
        int color = 98 * 32 + 32 * 32 + 32 * 4;
        Assert.Equal(table + deform + color, c.ParameterCount);
        Assert.Equal(c.ParameterCount, new TorsoModel(c).ParameterCount);
    }

    [Fact]
    public void Quick_is_valid_and_cheaper_per_pixel_with_a_smaller_grid()
    {
        // Quick keeps RAD-NeRF's deformation MLP (it measured better held out) but a narrower colour MLP, fewer
        // coordinate octaves and a smaller grid.
        TorsoConfig q = TorsoConfig.Quick, r = TorsoConfig.RadNerf;
        Assert.Empty(q.Validate());
        Assert.True(q.DeformMlp.ParameterCount + q.ColorMlp.ParameterCount
            < r.DeformMlp.ParameterCount + r.ColorMlp.ParameterCount);
        Assert.True(new GridEncodingLayout(q.Grid).TableFloats < new GridEncodingLayout(r.Grid).TableFloats / 4);
    }

    [Fact]
    public void A_three_dimensional_grid_is_rejected()
    {
        var c = TorsoConfig.Quick with { Grid = TorsoConfig.Quick.Grid with { Dimensions = 3 } };
        var ex = Assert.Throws<KernelConfigException>(() => c.EnsureValid());
        Assert.Contains("Grid.Dimensions is 3", ex.Message);
        Assert.Contains("torso config", ex.Message);
    }

    [Fact]
    public void Mlp_limits_and_own_fields_are_reported_by_name()
    {
        var c = TorsoConfig.Quick with { DeformHidden = 65, ColorLayers = 0, DeformScale = 0f };
        IReadOnlyList<string> problems = c.Validate();
        Assert.Contains(problems, p => p.Contains("ColorLayers is 0"));
        Assert.Contains(problems, p => p.Contains("DeformScale"));
        Assert.Throws<KernelConfigException>(() => new TorsoModel(c));

        var track = TorsoConfig.Quick with { TrackWidth = 3, TrackScale = -1f };
        Assert.Contains(track.Validate(), p => p.StartsWith("TrackWidth is 3", StringComparison.Ordinal));
        Assert.Contains(track.Validate(), p => p.StartsWith("TrackScale is -1", StringComparison.Ordinal));

        var wide = TorsoConfig.Quick with { DeformHidden = 65 };
        Assert.Contains(wide.Validate(), p => p.StartsWith("deformation MLP:", StringComparison.Ordinal) && p.Contains("HiddenWidth"));
    }
}
