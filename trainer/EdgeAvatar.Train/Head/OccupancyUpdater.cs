using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Train.Head;

/// <summary>
/// Refreshes the occupancy grid from the head field (RAD-NeRF: every 16 steps, density = max(density·0.95, σ at a
/// jittered point of the cell), threshold min(mean, 10)). The audio code is the current step's, so over many updates
/// the grid keeps the maximum density over audio conditions (an open mouth stays marchable). To bound CPU cost one
/// update visits 1/<c>phases</c> of the cells (cell i when i mod phases = update mod phases); untouched cells keep
/// their density (no decay) until their turn.
/// </summary>
public sealed class OccupancyUpdater
{
    /// <summary>σ at <paramref name="positions"/> (N × 3) for one frame's conditioning, into <paramref name="sigma"/> (N).</summary>
    public delegate void DensityFunction(ReadOnlySpan<float> positions, ReadOnlySpan<float> audio, float eye,
        ReadOnlySpan<float> latent, Span<float> sigma);

    private const int ChunkPoints = 1 << 15;
    private readonly HeadField _field;
    private readonly HeadFieldBatch _batch;
    private readonly float[] _positions = new float[3 * ChunkPoints];
    private readonly int[] _rayIndex = new int[ChunkPoints];
    private readonly int[] _cells = new int[ChunkPoints];
    private readonly float[] _sigma = new float[ChunkPoints];
    private readonly DensityFunction? _density;

    /// <param name="density">Evaluates σ elsewhere (the GPU trainer's device-resident grids); null: the C# field.</param>
    public OccupancyUpdater(HeadField field, DensityFunction? density = null)
    {
        _field = field;
        _density = density;
        _batch = new HeadFieldBatch(field.Config);
    }

    /// <summary>The one ray direction of every query (σ does not depend on it).</summary>
    public static ReadOnlySpan<float> QueryDirection => [0f, 0f, -1f];

    /// <summary>
    /// Updates done so far in the run; it picks the phase (which cells the next update visits). Not in the
    /// checkpoint: a resumed trainer sets it from the step it resumes at, so it refreshes the same cells an
    /// uninterrupted run would.
    /// </summary>
    public int Updates { get; set; }

    public void Update(OccupancyGrid grid, ReadOnlySpan<float> parameters, HeadParameters blocks,
        ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent, int phases, uint seed,
        float decay = OccupancyGrid.DefaultDecay)
    {
        int phase = Updates % Math.Max(1, phases);
        int count = 0;
        for (int i = phase; i < grid.CellCount; i += Math.Max(1, phases))
        {
            var p = grid.QueryPoint(i, seed);
            _positions[3 * count] = p.X; _positions[3 * count + 1] = p.Y; _positions[3 * count + 2] = p.Z;
            _cells[count++] = i;
            if (count == ChunkPoints) { Flush(grid, parameters, blocks, audio, eye, latent, count, decay); count = 0; }
        }
        if (count > 0) Flush(grid, parameters, blocks, audio, eye, latent, count, decay);
        grid.RebuildBitfield();
        Updates++;
    }

    private void Flush(OccupancyGrid grid, ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> audio,
        float eye, ReadOnlySpan<float> latent, int count, float decay)
    {
        ReadOnlySpan<float> sigma;
        if (_density is null)
        {
            _field.Forward(parameters, blocks, _positions.AsSpan(0, 3 * count), QueryDirection, _rayIndex.AsSpan(0, count),
                audio, eye, latent, _batch);
            sigma = _batch.Sigma;
        }
        else
        {
            _density(_positions.AsSpan(0, 3 * count), audio, eye, latent, _sigma.AsSpan(0, count));
            sigma = _sigma;
        }
        var density = grid.Density;
        for (int k = 0; k < count; k++)
        {
            int i = _cells[k];
            density[i] = MathF.Max(density[i] * decay, sigma[k]);
        }
    }
}
