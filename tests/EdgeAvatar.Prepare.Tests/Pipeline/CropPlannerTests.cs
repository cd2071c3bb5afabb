using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Pipeline;

namespace EdgeAvatar.Prepare.Tests.Pipeline;

public sealed class CropPlannerTests
{
    [Fact]
    public void Landscape_frame_gets_a_full_height_square_centred_on_the_face()
    {
        CropRect c = CropPlanner.CropFor(1920, 1080, new FaceBox(1100, 300, 240, 240));
        Assert.Equal(new CropRect(1220 - 540, 0, 1080, 1080), c);
    }

    [Fact]
    public void Crop_is_clamped_into_the_frame()
    {
        CropRect c = CropPlanner.CropFor(1920, 1080, new FaceBox(1800, 300, 240, 240));
        Assert.Equal(1920 - 1080, c.X);
    }

    [Fact]
    public void Tiny_face_gets_a_tighter_crop_with_the_face_in_the_upper_half()
    {
        var face = new FaceBox(900, 500, 60, 60);
        CropRect c = CropPlanner.CropFor(1920, 1080, face);
        Assert.Equal(300, c.Width);
        Assert.Equal(c.Width, c.Height);
        Assert.True(face.CenterY - c.Y < c.Height / 2.0);
        Assert.Equal(930 - 150, c.X);
    }

    [Fact]
    public void Split_gives_ten_elevenths_to_training_and_at_least_one_frame_to_validation()
    {
        Assert.Equal(new DatasetSplit(new DatasetRange(0, 1616), new DatasetRange(1616, 162)), DatasetSplit.For(1778));
        Assert.Equal(1, DatasetSplit.For(5).Val.Count);
    }
}
