using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Common;

namespace EdgeAvatar.Train.Tests.Head;

public class LipsPatchSamplerTests
{
    [Fact]
    public void Patch_spans_a_hundred_pixel_lips_box_inside_it()
    {
        var lips = new PixelRect(214, 299, 104, 104);
        var rng = new Random(1);
        for (int i = 0; i < 50; i++)
        {
            var (x, y, stride) = LipsPatchSampler.Place(lips, 32, 512, 512, rng)!.Value;
            Assert.Equal(3, stride);
            int span = 31 * stride + 1;
            Assert.InRange(x, lips.X, lips.X + lips.Width - span);
            Assert.InRange(y, lips.Y, lips.Y + lips.Height - span);
        }
    }

    [Fact]
    public void A_small_box_gets_a_centred_patch_clamped_to_the_image()
    {
        var (x, y, stride) = LipsPatchSampler.Place(new PixelRect(20, 2, 10, 10), 16, 64, 64, new Random(2))!.Value;
        Assert.Equal(1, stride);
        Assert.Equal(20 - 3, x); // 16-pixel span centred on a 10-pixel box
        Assert.Equal(0, y);      // would start at −1: clamped into the image
    }

    [Fact]
    public void Stride_shrinks_to_fit_a_small_image()
    {
        var (x, y, stride) = LipsPatchSampler.Place(new PixelRect(0, 0, 40, 40), 12, 40, 30, new Random(3))!.Value;
        Assert.Equal(2, stride); // 3 would span 34 rows of a 30-row image
        Assert.InRange(y + 11 * stride, 0, 29);
        Assert.InRange(x + 11 * stride, 0, 39);
    }

    [Fact]
    public void No_patch_when_the_image_or_box_cannot_hold_it()
    {
        Assert.Null(LipsPatchSampler.Place(new PixelRect(0, 0, 8, 8), 12, 10, 10, new Random(4)));
        Assert.Null(LipsPatchSampler.Place(new PixelRect(0, 0, 0, 0), 12, 64, 64, new Random(4)));
    }

    [Fact]
    public void Fill_lists_the_patch_row_major()
    {
        var pixels = new int[9];
        LipsPatchSampler.Fill((5, 7, 2), 3, 100, pixels);
        Assert.Equal([705, 707, 709, 905, 907, 909, 1105, 1107, 1109], pixels);
    }
}
