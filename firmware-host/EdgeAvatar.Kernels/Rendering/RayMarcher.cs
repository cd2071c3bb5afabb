using System.Numerics;

namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Occupancy-grid ray marching into packed samples (the CPU reference of the trainer's and renderer's marcher).
/// <para><b>How torch-ngp / RAD-NeRF do it</b> (raymarching.cu, facts only): per ray, near/far from the box, then
/// t walks a lattice of constant step dt (= 2√3/128, see <see cref="RayMarcherConfig.RadNerfStep"/>); at each t the
/// point (clamped to the bound) is looked up in the bitfield; an occupied cell emits a sample and advances t by dt, an
/// empty cell advances t by whole steps until past the cell's exit (skipping the cell in one go). At most max_steps
/// (16) samples are emitted per ray — skipped cells do not count. Training runs the march twice (count, atomic
/// offset, write); inference keeps the alive rays, marches a few steps per ray per round ("n_step" = min(N/alive, 8))
/// and compacts the alive set after each compositing round until max_steps are done or all rays terminated.</para>
/// <para><b>This implementation</b> follows the same lattice and skipping rule (so GPU and CPU agree sample for
/// sample) with a deterministic layout: pass 1 counts per ray, an exclusive prefix sum gives offsets in ray order,
/// pass 2 writes. Both passes run the same code, so counts and writes cannot disagree. Invariants: every sample lies
/// inside <see cref="RayMarcherConfig.Box"/> (positions are clamped, as torch-ngp does, which only moves points by
/// float rounding because t ∈ [tNear, tFar)) and in a cell whose bit is set (the bit is tested at the emitted
/// position); at most MaxSteps samples per ray; t strictly increasing per ray; dt = StepSize.</para>
/// <para>dt is not shortened for the last sample before tFar (as RAD-NeRF); depth is Σ w·t at sample positions.</para>
/// </summary>
public sealed class RayMarcher
{
    private const int ChunkRays = 512;
    private readonly OccupancyGrid _grid;

    /// <summary>Creates a marcher; the box must lie inside the grid's bounds.</summary>
    public RayMarcher(RayMarcherConfig config, OccupancyGrid grid)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(grid);
        config.Validate();
        if (!grid.Bounds.Contains(config.Box))
            throw new ArgumentException($"Marching box {config.Box} is not inside the grid bounds {grid.Bounds}.");
        Config = config;
        _grid = grid;
    }

    /// <summary>The configuration.</summary>
    public RayMarcherConfig Config { get; }

    /// <summary>
    /// Marches N rays (origins and unit directions, N × 3 each) into <paramref name="output"/>.
    /// With <paramref name="jitterSeed"/>, each ray's first sample is offset by a uniform fraction of a step
    /// (RAD-NeRF's "perturb" in training), deterministic per (seed, ray).
    /// </summary>
    public unsafe void March(ReadOnlySpan<float> origins, ReadOnlySpan<float> directions, RaySamples output,
        uint? jitterSeed = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (origins.Length % 3 != 0 || origins.Length != directions.Length)
            throw new ArgumentException($"origins ({origins.Length}) and directions ({directions.Length}) must be N × 3.");
        int n = origins.Length / 3;
        output.ResizeRays(n);
        int[] offsets = output.OffsetsArray;
        float[] starts = output.StartScratch(n);
        int chunks = (n + ChunkRays - 1) / ChunkRays;

        fixed (float* op = origins)
        fixed (float* dp = directions)
        {
            nint o = (nint)op, d = (nint)dp;
            // Pass 1: counts into offsets[r + 1].
            Parallel.For(0, chunks, c =>
            {
                int end = Math.Min(n, (c + 1) * ChunkRays);
                for (int r = c * ChunkRays; r < end; r++)
                    offsets[r + 1] = MarchRay((float*)o, (float*)d, r, jitterSeed, null, 0, starts);
            });

            offsets[0] = 0;
            for (int r = 0; r < n; r++) offsets[r + 1] += offsets[r];
            output.ResizeSamples(offsets[n]);

            // Pass 2: identical walk, writing at the ray's offset. It resumes at the first occupied lattice point
            // pass 1 recorded (the exact float t, so the lattice continues bit for bit) and skips sample-less rays:
            // most of the walk is the empty space in front of the head, which is then walked once, not twice.
            Parallel.For(0, chunks, c =>
            {
                int end = Math.Min(n, (c + 1) * ChunkRays);
                for (int r = c * ChunkRays; r < end; r++)
                    if (offsets[r + 1] > offsets[r])
                        MarchRay((float*)o, (float*)d, r, jitterSeed, output, offsets[r], starts);
            });
        }
    }

    // Walks one ray; writes its samples at `first` when `output` is given; returns the sample count.
    // Pass 1 (output null) stores the t of the first emitted sample in starts[r]; pass 2 starts there.
    private unsafe int MarchRay(float* origins, float* directions, int r, uint? jitterSeed, RaySamples? output, int first,
        float[] starts)
    {
        var o = new Vector3(origins[3 * r], origins[3 * r + 1], origins[3 * r + 2]);
        var d = new Vector3(directions[3 * r], directions[3 * r + 1], directions[3 * r + 2]);
        Aabb box = Config.Box;
        if (!box.Intersect(o, d, Config.MinNear, out float tNear, out float tFar)) return 0;

        float dt = Config.StepSize;
        int maxSteps = Config.MaxSteps;
        float t = output is not null ? starts[r]
            : tNear + (jitterSeed is uint seed ? OccupancyGrid.Hash01(seed, (uint)r) * dt : 0f);

        byte[] bits = _grid.Bitfield;
        int res = _grid.Resolution;
        Vector3 gMin = _grid.Bounds.Min, cell = _grid.CellSize;
        Vector3 invCell = Vector3.One / cell;
        // Per-axis: which face the ray leaves a cell by (+1 → upper face), and 1/d.
        var upper = new Vector3(d.X > 0f ? 1f : 0f, d.Y > 0f ? 1f : 0f, d.Z > 0f ? 1f : 0f);
        var invD = new Vector3(1f / d.X, 1f / d.Y, 1f / d.Z);

        int count = 0;
        while (t < tFar && count < maxSteps)
        {
            Vector3 p = box.Clamp(o + t * d);
            Vector3 f = (p - gMin) * invCell;
            int ix = Math.Min((int)f.X, res - 1), iy = Math.Min((int)f.Y, res - 1), iz = Math.Min((int)f.Z, res - 1);
            int idx = ix + res * (iy + res * iz);
            if ((bits[idx >> 3] & (1 << (idx & 7))) != 0)
            {
                if (output is null)
                {
                    if (count == 0) starts[r] = t;
                }
                else
                {
                    int s = first + count;
                    output.RayIndexArray[s] = r;
                    float[] pos = output.PositionsArray;
                    pos[3 * s] = p.X; pos[3 * s + 1] = p.Y; pos[3 * s + 2] = p.Z;
                    output.TArray[s] = t;
                    output.DtArray[s] = dt;
                }
                count++;
                t += dt;
            }
            else
            {
                // Distance to the exit face of this empty cell; then whole steps past it (stays on the lattice).
                // An axis with d = 0 never exits (its term is +∞, not 0·∞ = NaN).
                Vector3 face = gMin + (new Vector3(ix, iy, iz) + upper) * cell;
                float ex = d.X != 0f ? (face.X - p.X) * invD.X : float.PositiveInfinity;
                float ey = d.Y != 0f ? (face.Y - p.Y) * invD.Y : float.PositiveInfinity;
                float ez = d.Z != 0f ? (face.Z - p.Z) * invD.Z : float.PositiveInfinity;
                float exit = MathF.Max(0f, MathF.Min(ex, MathF.Min(ey, ez)));
                float k = MathF.Max(1f, MathF.Ceiling(exit / dt));
                t += k * dt;
            }
        }
        return count;
    }
}
