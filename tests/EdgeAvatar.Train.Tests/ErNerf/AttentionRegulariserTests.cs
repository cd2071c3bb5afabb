using EdgeAvatar.Train.ErNerf;
using EdgeAvatar.Train.Head;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary><see cref="AttentionRegulariser"/>: dL/d‖α‖ = w / K on the K samples of outside-face rays, worked by hand.</summary>
public sealed class AttentionRegulariserTests
{
    /// <summary>Three rays with 2, 1 and 3 samples; the first and last are outside the face (K = 5), the second in it.</summary>
    private static (int[] RayIndex, RayRegion[] Regions) ThreeRays()
        => ([0, 0, 1, 2, 2, 2], [RayRegion.OutsideFace, RayRegion.Face, RayRegion.OutsideFace]);

    [Fact]
    public void Each_outside_sample_gets_the_weight_over_the_outside_count_and_face_samples_nothing()
    {
        var (samples, regions) = ThreeRays();
        var grad = Enumerable.Repeat(9f, 6).ToArray(); // overwritten, not added to

        AttentionRegulariser.Gradients(samples, regions, 0.5f, grad);

        Assert.Equal([0.1f, 0.1f, 0f, 0.1f, 0.1f, 0.1f], grad);
    }

    [Fact]
    public void A_zero_weight_or_no_outside_ray_gives_no_gradient()
    {
        var (samples, regions) = ThreeRays();
        var grad = Enumerable.Repeat(9f, 6).ToArray();
        AttentionRegulariser.Gradients(samples, regions, 0f, grad);
        Assert.All(grad, g => Assert.Equal(0f, g));

        grad = Enumerable.Repeat(9f, 6).ToArray();
        AttentionRegulariser.Gradients(samples, [RayRegion.Face, RayRegion.Lips, RayRegion.Face], 0.5f, grad);
        Assert.All(grad, g => Assert.Equal(0f, g));
    }
}
