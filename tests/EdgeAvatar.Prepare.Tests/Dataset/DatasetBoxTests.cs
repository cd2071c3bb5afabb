using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Dataset;

namespace EdgeAvatar.Prepare.Tests.Dataset;

public sealed class DatasetBoxTests
{
    [Fact]
    public void A_pixel_rect_keeps_its_origin_and_size_through_the_dataset_box()
    {
        var rect = new PixelRect(3, 5, 7, 11);
        DatasetBox box = DatasetBox.From(rect);
        Assert.Equal(new DatasetBox(3, 5, 7, 11), box);
        Assert.Equal(rect, box.ToPixelRect());
    }
}
