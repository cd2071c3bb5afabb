using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Kernels.Tests;

/// <summary>
/// The widths every grid kernel (forward and backward) takes from <see cref="GridKernelShape"/>, worked by hand for
/// a two-level grid: base 4, finest 8, 2^6 entries, 2 features. Level 0 has scale 3, so 5 vertices a side; level 1
/// scale 7, 9 vertices a side. Table entries are min(2^6, vertices^D) rounded up to a multiple of 8.
/// </summary>
public sealed class GridKernelShapeTests
{
    private static GridEncodingConfig Grid(int dimensions) => new()
    {
        Dimensions = dimensions, Levels = 2, FeaturesPerLevel = 2, Log2TableSize = 6, BaseResolution = 4, FinestResolution = 8,
    };

    [Fact]
    public void A_tri_plane_reads_three_coordinates_and_writes_three_planes_of_features()
    {
        var shape = new GridKernelShape(Grid(2), planes: 3);
        // Per plane: 5² = 25 → 32 entries, 9² = 81 → 64; 96 entries × 2 features × 3 planes × 4 bytes.
        Assert.Equal(96L * 2 * 3 * 4, shape.TableBytes);
        Assert.Equal(3, shape.PositionWidth);
        Assert.Equal(3 * 2 * 2, shape.OutputWidth);
        Assert.Equal(6u, shape.GroupsY);
        Assert.EndsWith("triplane", shape.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 96L * 2 * 4, 2)]
    [InlineData(3, 128L * 2 * 4, 3)] // 5³ and 9³ both exceed 2^6 = 64 entries
    public void One_grid_reads_its_own_dimensions(int dimensions, long tableBytes, int positionWidth)
    {
        var shape = new GridKernelShape(Grid(dimensions), planes: 1);
        Assert.Equal(tableBytes, shape.TableBytes);
        Assert.Equal(positionWidth, shape.PositionWidth);
        Assert.Equal(2 * 2, shape.OutputWidth);
        Assert.Equal(2u, shape.GroupsY);
        Assert.DoesNotContain("triplane", shape.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Plane_counts_other_than_one_or_three_and_tri_planes_of_3d_grids_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridKernelShape(Grid(2), planes: 2));
        Assert.Throws<ArgumentException>(() => new GridKernelShape(Grid(3), planes: 3));
    }
}
