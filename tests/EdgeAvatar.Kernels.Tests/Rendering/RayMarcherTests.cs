using System.Numerics;
using EdgeAvatar.Kernels.Rendering;
using static EdgeAvatar.Kernels.Tests.Rendering.RenderingTestScenes;

namespace EdgeAvatar.Kernels.Tests.Rendering;

public class RayMarcherTests
{
    private static (float[] O, float[] D) CameraRays(PinholeCamera cam)
    {
        var o = new float[3 * cam.Width * cam.Height];
        var d = new float[o.Length];
        RayGenerator.Image(cam, o, d);
        return (o, d);
    }

    // A grid whose occupied cells form a random-ish blob plus a shell, so rays alternate empty and occupied cells.
    private static OccupancyGrid PatternGrid()
    {
        var grid = new OccupancyGrid();
        for (int z = 0; z < grid.Resolution; z++)
        for (int y = 0; y < grid.Resolution; y++)
        for (int x = 0; x < grid.Resolution; x++)
        {
            Vector3 c = grid.CellCentre(x, y, z);
            float r = c.Length();
            bool on = (r > 0.3f && r < 0.45f) || OccupancyGrid.Hash01(7, (uint)grid.CellIndex(x, y, z)) < 0.02f;
            grid.SetOccupiedCell(x, y, z, on);
        }
        return grid;
    }

    [Theory]
    [InlineData(16, null)]
    [InlineData(16, 3u)]
    [InlineData(200, 5u)]
    public void Samples_respect_max_steps_box_occupancy_and_ordering(int maxSteps, uint? seed)
    {
        OccupancyGrid grid = PatternGrid();
        var marcher = new RayMarcher(new RayMarcherConfig { MaxSteps = maxSteps }, grid);
        var (o, d) = CameraRays(LookAtOrigin(new Vector3(0.8f, 0.4f, 3.5f), size: 48, focal: 40f));
        var samples = new RaySamples();
        marcher.March(o, d, samples, seed);

        Assert.True(samples.SampleCount > 0);
        Assert.Equal(0, samples.RayOffsets[0]);
        Assert.Equal(samples.SampleCount, samples.RayOffsets[samples.RayCount]);
        bool someRayHitTheCap = false;
        for (int r = 0; r < samples.RayCount; r++)
        {
            int count = samples.CountOf(r);
            Assert.InRange(count, 0, maxSteps);
            someRayHitTheCap |= count == maxSteps;
            for (int s = samples.RayOffsets[r]; s < samples.RayOffsets[r + 1]; s++)
            {
                Vector3 p = At(samples.Positions, s);
                Assert.Equal(r, samples.RayIndex[s]);
                Assert.True(Aabb.HeadBox.Contains(p), $"sample {p} outside the box");
                Assert.True(grid.IsOccupied(p), $"sample {p} in an empty cell");
                Assert.Equal(marcher.Config.StepSize, samples.Dt[s]);
                // The position is the ray point at t (up to the clamp's rounding).
                Assert.True(Vector3.Distance(p, At(o, r) + samples.T[s] * At(d, r)) < 1e-4f);
                if (s > samples.RayOffsets[r]) Assert.True(samples.T[s] > samples.T[s - 1]);
            }
        }
        Assert.True(someRayHitTheCap || maxSteps > 100, "the scene should make some ray hit the step cap");
    }

    [Fact]
    public void Grid_with_all_cells_empty_yields_no_samples()
    {
        var marcher = new RayMarcher(new RayMarcherConfig(), new OccupancyGrid());
        var (o, d) = CameraRays(Frontal(size: 32, focal: 30f));
        var samples = new RaySamples();
        marcher.March(o, d, samples);
        Assert.Equal(32 * 32, samples.RayCount);
        Assert.Equal(0, samples.SampleCount);
    }

    [Fact]
    public void Fully_occupied_grid_samples_the_lattice_from_t_near_with_the_fixed_step()
    {
        var grid = new OccupancyGrid();
        grid.SetAllOccupied(true);
        var marcher = new RayMarcher(new RayMarcherConfig { MaxSteps = 1000 }, grid);
        var samples = new RaySamples();
        marcher.March([0f, 0f, 3.7f], [0f, 0f, -1f], samples);
        float dt = RayMarcherConfig.RadNerfStep;
        int expected = (int)MathF.Ceiling(2f / dt); // lattice points in [2.7, 4.7)
        Assert.Equal(expected, samples.SampleCount);
        for (int s = 0; s < samples.SampleCount; s++)
            Assert.Equal(2.7 + s * (double)dt, samples.T[s], 1e-5); // float accumulation of t += dt
    }

    [Fact]
    public void Skipping_empty_cells_gives_the_same_samples_as_walking_every_step()
    {
        // Brute force: test every lattice point, keep occupied ones. Skipping must not lose or add any sample,
        // except where a lattice point lies within rounding of a cell face (excluded by the tolerance on t).
        OccupancyGrid grid = PatternGrid();
        var cfg = new RayMarcherConfig { MaxSteps = 1000 };
        var marcher = new RayMarcher(cfg, grid);
        var (o, d) = CameraRays(LookAtOrigin(new Vector3(-1.1f, 0.3f, 3.3f), size: 24, focal: 90f));
        var samples = new RaySamples();
        marcher.March(o, d, samples);
        int mismatched = 0, total = 0;
        for (int r = 0; r < samples.RayCount; r++)
        {
            Vector3 ro = At(o, r), rd = At(d, r);
            var brute = new List<float>();
            if (Aabb.HeadBox.Intersect(ro, rd, cfg.MinNear, out float tn, out float tf))
                for (float t = tn; t < tf; t += cfg.StepSize)
                    if (grid.IsOccupied(Aabb.HeadBox.Clamp(ro + t * rd))) brute.Add(t);
            total += brute.Count;
            var got = samples.T.Slice(samples.RayOffsets[r], samples.CountOf(r)).ToArray();
            mismatched += Math.Abs(brute.Count - got.Length);
        }
        Assert.True(total > 1000, $"only {total} samples");
        Assert.True(mismatched <= total / 200, $"{mismatched} of {total} samples differ");
    }

    [Fact]
    public void Jitter_offsets_the_first_sample_by_less_than_one_step_and_is_deterministic()
    {
        var grid = new OccupancyGrid();
        grid.SetAllOccupied(true);
        var marcher = new RayMarcher(new RayMarcherConfig(), grid);
        var a = new RaySamples(); var b = new RaySamples();
        marcher.March([0f, 0f, 3.7f], [0f, 0f, -1f], a, 11);
        marcher.March([0f, 0f, 3.7f], [0f, 0f, -1f], b, 11);
        Assert.Equal(a.T.ToArray(), b.T.ToArray());
        Assert.InRange(a.T[0], 2.7f, 2.7f + RayMarcherConfig.RadNerfStep);
    }

    [Fact]
    public void Box_outside_the_grid_bounds_is_rejected()
    {
        var grid = new OccupancyGrid(Aabb.HeadBox, 8);
        Assert.Throws<ArgumentException>(() => new RayMarcher(new RayMarcherConfig { Box = Aabb.UnitCube }, grid));
    }
}
