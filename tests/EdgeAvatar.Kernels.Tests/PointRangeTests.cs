namespace EdgeAvatar.Kernels.Tests;

public class PointRangeTests
{
    [Fact]
    public void Small_batch_is_one_dispatch_rounded_up_to_whole_workgroups()
    {
        var (push, groups) = Assert.Single(PointRange.Split(1000));
        Assert.Equal(new PointRange(1000, 0), push);
        Assert.Equal(16u, groups);
    }

    [Fact]
    public void Batch_beyond_the_workgroup_limit_is_split_into_consecutive_dispatches()
    {
        int n = 2 * PointRange.MaxPointsPerDispatch + 5;
        var parts = PointRange.Split(n).ToArray();
        Assert.Equal(3, parts.Length);
        Assert.Equal((uint)PointRange.MaxPointsPerDispatch, parts[1].Push.First);
        Assert.Equal((uint)(2 * PointRange.MaxPointsPerDispatch), parts[2].Push.First);
        Assert.All(parts, p => Assert.Equal((uint)n, p.Push.N));
        Assert.Equal((uint)PointRange.MaxGroupsPerDispatch, parts[0].Groups);
        Assert.Equal(1u, parts[2].Groups);
    }

    [Fact]
    public void Zero_points_record_no_dispatch()
    {
        Assert.Empty(PointRange.Split(0));
    }
}
