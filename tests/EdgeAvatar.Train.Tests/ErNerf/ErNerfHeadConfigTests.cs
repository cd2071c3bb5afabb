using EdgeAvatar.Render.ErNerf;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary><see cref="ErNerfHeadConfig.Full"/>'s widths against ER-NeRF's network, counted by hand.</summary>
public class ErNerfHeadConfigTests
{
    /// <summary>
    /// ER-NeRF: 3 planes × 12 levels × 1 feature = 36 spatial features; attention MLPs 36·64 + 64·32 = 4352 and
    /// 36·16 + 16·1 = 592 weights; sigma MLP (36 + 32 audio + 1 eye = 69) → 64 → 64 → 65: 69·64 + 64·64 + 64·65 =
    /// 12672; colour (64 geometry + 16 SH + 4 latent = 84) → 64 → 3: 84·64 + 64·3 = 5568; plane tables below.
    /// </summary>
    [Fact]
    public void Full_head_has_er_nerfs_widths()
    {
        ErNerfHeadConfig full = ErNerfHeadConfig.Full.EnsureValid();
        Assert.Equal(36, full.SpatialWidth);
        Assert.Equal(4352, full.RegionAttention.AudioMlp.ParameterCount);
        Assert.Equal(592, full.RegionAttention.EyeMlp.ParameterCount);
        Assert.Equal(69, full.SigmaMlp.InputWidth);
        Assert.Equal(12672, full.SigmaMlp.ParameterCount);
        Assert.Equal(5568, full.ColorMlp.ParameterCount);
        // Per plane, level l: s = 64·8^(l/11) − 1, V = ceil(s) + 2 vertices per axis, min(2^14, V²) entries rounded up
        // to 8: V = 65, 79, 95, 114 → 4232, 6248, 9032, 13000; levels 4–11 (V ≥ 138) hit 16384 each: 163584 per plane.
        Assert.Equal(3 * 163584, full.TriPlaneFloats);
        Assert.Empty(ErNerfHeadConfig.Quick.Validate());
    }
}
