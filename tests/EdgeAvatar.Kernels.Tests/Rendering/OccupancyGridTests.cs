using System.Numerics;
using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Kernels.Tests.Rendering;

public class OccupancyGridTests
{
    [Fact]
    public void World_points_map_to_the_cell_whose_centre_is_nearest()
    {
        var grid = new OccupancyGrid(Aabb.UnitCube, 128);
        Assert.True(grid.TryCellOf(new Vector3(-1f, -1f, -1f), out int x, out int y, out int z));
        Assert.Equal((0, 0, 0), (x, y, z));
        Assert.True(grid.TryCellOf(new Vector3(1f, 1f, 1f), out x, out y, out z)); // Max face → last cell
        Assert.Equal((127, 127, 127), (x, y, z));
        Vector3 c = grid.CellCentre(17, 64, 100);
        Assert.True(grid.TryCellOf(c, out x, out y, out z));
        Assert.Equal((17, 64, 100), (x, y, z));
        Assert.False(grid.TryCellOf(new Vector3(0f, 1.01f, 0f), out _, out _, out _));
        Assert.False(grid.TryCellOf(new Vector3(float.NaN, 0f, 0f), out _, out _, out _));
    }

    [Fact]
    public void Bitfield_is_linear_x_fastest_lsb_first()
    {
        var grid = new OccupancyGrid(Aabb.UnitCube, 4);
        grid.SetOccupiedCell(1, 2, 3, true); // i = 1 + 4·(2 + 4·3) = 57 → byte 7, bit 1
        Assert.Equal(8, grid.Bitfield.Length);
        Assert.Equal(0b10, grid.Bitfield[7]);
        Assert.Equal(1, grid.OccupiedCount());
        Assert.True(grid.IsOccupied(grid.CellCentre(1, 2, 3)));
        Assert.False(grid.IsOccupied(grid.CellCentre(2, 2, 3)));
    }

    [Fact]
    public void Update_decays_keeps_max_and_thresholds_at_min_of_mean_and_cap()
    {
        var grid = new OccupancyGrid(Aabb.UnitCube, 2); // 8 cells
        grid.Density[0] = 100f;
        grid.Density[1] = 4f;
        grid.Density[2] = -1f; // never seen
        var candidate = new float[8];
        candidate[1] = 5f;     // max(4·0.95, 5) = 5
        candidate[2] = 50f;    // ignored: cell 2 is unseen
        candidate[3] = 3f;     // max(0, 3) = 3
        grid.Update(candidate);
        Assert.Equal(95f, grid.Density[0], 5);
        Assert.Equal(5f, grid.Density[1]);
        Assert.Equal(-1f, grid.Density[2]);
        Assert.Equal(3f, grid.Density[3]);
        Assert.Equal((95f + 5f + 3f) / 8f, grid.MeanDensity, 4);
        Assert.Equal(10f, grid.Threshold); // mean 12.9 > cap 10
        Assert.True(grid.IsOccupiedCell(0));
        Assert.False(grid.IsOccupiedCell(1));
        Assert.False(grid.IsOccupiedCell(2));
        Assert.False(grid.IsOccupiedCell(3));
    }

    [Fact]
    public void Threshold_is_the_mean_when_below_the_cap()
    {
        var grid = new OccupancyGrid(Aabb.UnitCube, 2);
        grid.Update([2f, 0f, 0f, 0f, 0f, 0f, 0f, 0.5f]);
        Assert.Equal(0.3125f, grid.Threshold, 6);
        Assert.True(grid.IsOccupiedCell(0));
        Assert.True(grid.IsOccupiedCell(7));
        Assert.Equal(2, grid.OccupiedCount());
    }

    [Fact]
    public void Max_over_conditions_takes_the_elementwise_maximum()
    {
        float[] acc = [1f, 5f, 0f];
        OccupancyGrid.MaxInto(acc, [3f, 2f, 0.5f]);
        Assert.Equal([3f, 5f, 0.5f], acc);
    }

    [Fact]
    public void Dilation_spreads_a_single_cell_to_its_26_neighbours_only()
    {
        var grid = new OccupancyGrid(Aabb.UnitCube, 5);
        var c = new float[grid.CellCount];
        c[grid.CellIndex(2, 2, 2)] = 7f;
        grid.Dilate(c);
        for (int z = 0; z < 5; z++)
        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 5; x++)
        {
            bool near = Math.Abs(x - 2) <= 1 && Math.Abs(y - 2) <= 1 && Math.Abs(z - 2) <= 1;
            Assert.Equal(near ? 7f : 0f, c[grid.CellIndex(x, y, z)]);
        }
    }

    [Fact]
    public void Jittered_query_points_stay_inside_their_cells()
    {
        var grid = new OccupancyGrid(Aabb.HeadBox, 8);
        var p = new float[3 * grid.CellCount];
        grid.QueryPoints(p, jitterSeed: 42);
        for (int i = 0; i < grid.CellCount; i++)
        {
            Assert.True(grid.TryCellOf(RenderingTestScenes.At(p, i), out int x, out int y, out int z));
            Assert.Equal(i, grid.CellIndex(x, y, z));
        }
    }

    [Fact]
    public void All_zero_density_marks_nothing_occupied()
    {
        var grid = new OccupancyGrid(Aabb.UnitCube, 8);
        grid.Update(new float[grid.CellCount]);
        Assert.Equal(0, grid.OccupiedCount());
    }
}
