using System.Numerics;
using EdgeAvatar.Kernels.Rendering;
using static EdgeAvatar.Kernels.Tests.Rendering.RenderingTestScenes;

namespace EdgeAvatar.Kernels.Tests.Rendering;

/// <summary>
/// End to end (rays → grid → marcher → compositor → background) on a sphere of constant density and colour, whose
/// opacity along a ray is 1 − exp(−σ·L) with L the chord length.
/// </summary>
public class AnalyticSphereSceneTests
{
    private const float Radius = 0.4f, Density = 3f;
    private static readonly Vector3 Colour = new(0.8f, 0.3f, 0.1f), Background = new(0f, 0f, 1f);

    [Fact]
    public void Rendered_opacity_and_colour_match_the_closed_form_within_one_step()
    {
        // Conservative occupancy: a cell is occupied when its box touches the sphere.
        var grid = new OccupancyGrid();
        for (int z = 0; z < grid.Resolution; z++)
        for (int y = 0; y < grid.Resolution; y++)
        for (int x = 0; x < grid.Resolution; x++)
        {
            Vector3 lo = grid.Bounds.Min + new Vector3(x, y, z) * grid.CellSize;
            Vector3 nearest = Vector3.Clamp(Vector3.Zero, lo, lo + grid.CellSize);
            grid.SetOccupiedCell(x, y, z, nearest.Length() <= Radius);
        }
        var cfg = new RayMarcherConfig { MaxSteps = 64 };
        var marcher = new RayMarcher(cfg, grid);

        PinholeCamera cam = LookAtOrigin(new Vector3(0.3f, 0.2f, 3.7f), size: 40, focal: 60f);
        int n = cam.Width * cam.Height;
        var o = new float[3 * n]; var d = new float[3 * n];
        RayGenerator.Image(cam, o, d);
        var samples = new RaySamples();
        marcher.March(o, d, samples);

        int m = samples.SampleCount;
        var sigma = new float[m]; var rgb = new float[3 * m];
        for (int s = 0; s < m; s++)
        {
            sigma[s] = At(samples.Positions, s).Length() < Radius ? Density : 0f;
            rgb[3 * s] = Colour.X; rgb[3 * s + 1] = Colour.Y; rgb[3 * s + 2] = Colour.Z;
        }
        var color = new float[3 * n]; var opacity = new float[n];
        VolumeCompositor.Forward(samples, sigma, rgb, color, opacity, []);
        var below = new float[3 * n];
        for (int r = 0; r < n; r++) { below[3 * r] = Background.X; below[3 * r + 1] = Background.Y; below[3 * r + 2] = Background.Z; }
        var final = new float[3 * n];
        VolumeCompositor.ComposeOver(color, opacity, below, final);

        float dt = cfg.StepSize;
        int hits = 0;
        for (int r = 0; r < n; r++)
        {
            Vector3 ro = At(o, r), rd = At(d, r);
            float b = Vector3.Cross(ro, rd).Length(); // distance from the centre to the ray line
            float chord = b < Radius ? 2f * MathF.Sqrt(Radius * Radius - b * b) : 0f;
            // Samples sit on a lattice of spacing dt, so the sampled length inside the sphere is within ±dt of L.
            double lo = 1 - Math.Exp(-Density * Math.Max(0f, chord - dt));
            double hi = 1 - Math.Exp(-Density * (chord + dt));
            if (chord == 0f) hi = 0;
            Assert.InRange(opacity[r], lo - 1e-5, hi + 1e-5);
            if (chord > 0.2f) hits++;
            // Colour: constant emission ⇒ C = W·c exactly; over the background C + (1 − W)·bg.
            Vector3 expected = opacity[r] * Colour + (1f - opacity[r]) * Background;
            Assert.True(Vector3.Distance(At(final, r), expected) < 1e-5f, $"ray {r}");
        }
        Assert.True(hits > 100, $"only {hits} rays cross the sphere");
    }
}
