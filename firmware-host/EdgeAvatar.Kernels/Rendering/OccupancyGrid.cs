using System.Numerics;

namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Occupancy grid for empty-space skipping: a float density-max grid (training state) and the packed bitfield derived
/// from it (what the marcher reads and what the baked model stores).
/// <para><b>Geometry.</b> R³ cells (R = 128 by default) tiling <see cref="Bounds"/> (default: RAD-NeRF's cube [-1,1]³,
/// bound 1, one cascade; its cells are isotropic, 2/128 wide, so the step 2√3/128 is one cell diagonal). Cell
/// (x, y, z) covers [Min + i·CellSize, Min + (i+1)·CellSize) per axis; the Max face belongs to the last cell. Its centre
/// is Min + (i + ½)·CellSize — the same points RAD-NeRF queries (2i/(R−1) − 1)·(1 − 1/R).</para>
/// <para><b>Linear cell index</b> = x + R·(y + R·z) (x fastest). Both <see cref="Density"/> and the bitfield use it.
/// (RAD-NeRF orders cells by Morton code for GPU locality; a linear order keeps the baked format and the shader
/// trivial; a shader may re-tile later without changing the meaning.)</para>
/// <para><b>Bitfield layout</b> (baked model): ⌈R³/8⌉ bytes; cell i is bit (i &amp; 7) of byte (i &gt;&gt; 3), least
/// significant bit first. Read as little-endian uint32 words, that is bit (i &amp; 31) of word (i &gt;&gt; 5) — the
/// same bytes, so a GPU can load it as a uint[] buffer. 128³ cells → 262,144 bytes.</para>
/// <para><b>Update rule</b> (RAD-NeRF update_extra_state): candidate = max over the sampled conditions (audio/eye) of
/// σ at jittered cell points (<see cref="QueryPoints"/>, <see cref="MaxInto"/>), optionally dilated by one cell
/// (<see cref="Dilate"/>; RAD-NeRF dilates its candidate too); then grid = max(grid·decay, candidate) with decay 0.95,
/// mean = mean of max(grid, 0), threshold = min(mean, 10), occupied ⇔ grid &gt; threshold. Cells holding a negative
/// value are "never seen by a training camera" (RAD-NeRF's mark_untrained_grid −1): the update leaves them alone and
/// they are never occupied.</para>
/// </summary>
public sealed class OccupancyGrid
{
    /// <summary>RAD-NeRF's grid resolution.</summary>
    public const int DefaultResolution = 128;
    /// <summary>Decay of the running max per update (RAD-NeRF 0.95).</summary>
    public const float DefaultDecay = 0.95f;
    /// <summary>Cap of the occupancy threshold (RAD-NeRF density_thresh = 10).</summary>
    public const float DefaultThresholdCap = 10f;

    private const int ChunkCells = 1 << 15;
    private readonly Vector3 _invCellSize;

    /// <summary>Creates an all-empty grid (densities 0, no bit set).</summary>
    public OccupancyGrid(Aabb bounds, int resolution = DefaultResolution)
    {
        bounds.Validate();
        if (resolution < 1 || resolution > 1024)
            throw new ArgumentOutOfRangeException(nameof(resolution), $"Resolution {resolution} is outside 1..1024.");
        Bounds = bounds;
        Resolution = resolution;
        CellCount = resolution * resolution * resolution;
        CellSize = bounds.Size / resolution;
        _invCellSize = new Vector3(resolution) / bounds.Size;
        Density = new float[CellCount];
        Bitfield = new byte[(CellCount + 7) / 8];
    }

    /// <summary>RAD-NeRF's 128³ grid over [-1,1]³.</summary>
    public OccupancyGrid() : this(Aabb.UnitCube) { }

    /// <summary>The box the cells tile.</summary>
    public Aabb Bounds { get; }
    /// <summary>Cells per axis.</summary>
    public int Resolution { get; }
    /// <summary>R³.</summary>
    public int CellCount { get; }
    /// <summary>Cell extent per axis in world units.</summary>
    public Vector3 CellSize { get; }
    /// <summary>Density-max per cell, linear index; negative = never seen.</summary>
    public float[] Density { get; }
    /// <summary>Packed occupancy bits (layout in the class summary). Rebuilt by <see cref="RebuildBitfield"/>.</summary>
    public byte[] Bitfield { get; }
    /// <summary>Mean of max(Density, 0) at the last bitfield rebuild.</summary>
    public float MeanDensity { get; private set; }
    /// <summary>Threshold used at the last bitfield rebuild.</summary>
    public float Threshold { get; private set; }

    /// <summary>Linear index of cell (x, y, z).</summary>
    public int CellIndex(int x, int y, int z) => x + Resolution * (y + Resolution * z);

    /// <summary>World centre of cell (x, y, z).</summary>
    public Vector3 CellCentre(int x, int y, int z) => Bounds.Min + (new Vector3(x, y, z) + new Vector3(0.5f)) * CellSize;

    /// <summary>
    /// The cell containing p; false when p is outside the closed bounds or NaN. Points on the Max face map to the last
    /// cell (the index is clamped to R−1, which only ever moves a point by float rounding).
    /// </summary>
    public bool TryCellOf(Vector3 p, out int x, out int y, out int z)
    {
        x = y = z = 0;
        if (!Bounds.Contains(p)) return false;
        Vector3 f = (p - Bounds.Min) * _invCellSize;
        int r1 = Resolution - 1;
        x = Math.Min((int)f.X, r1); y = Math.Min((int)f.Y, r1); z = Math.Min((int)f.Z, r1);
        return true;
    }

    /// <summary>The occupancy bit of cell (x, y, z) (no bounds check beyond the array's).</summary>
    public bool IsOccupiedCell(int x, int y, int z)
    {
        int i = CellIndex(x, y, z);
        return (Bitfield[i >> 3] & (1 << (i & 7))) != 0;
    }

    /// <summary>The occupancy bit of cell i.</summary>
    public bool IsOccupiedCell(int i) => (Bitfield[i >> 3] & (1 << (i & 7))) != 0;

    /// <summary>True when p lies in an occupied cell; false outside the bounds.</summary>
    public bool IsOccupied(Vector3 p) => TryCellOf(p, out int x, out int y, out int z) && IsOccupiedCell(x, y, z);

    /// <summary>Number of set bits.</summary>
    public int OccupiedCount()
    {
        int n = 0;
        foreach (byte b in Bitfield) n += BitOperations.PopCount(b);
        return n;
    }

    /// <summary>
    /// Writes one query point per cell (CellCount × 3 floats, linear cell order) for the density update: the cell
    /// centre, plus (when <paramref name="jitterSeed"/> is given) a uniform offset in ±½ cell per axis as RAD-NeRF,
    /// so repeated updates cover the whole cell. Deterministic for a given seed.
    /// </summary>
    public void QueryPoints(Span<float> positions, uint? jitterSeed = null)
    {
        if (positions.Length != 3L * CellCount)
            throw new ArgumentException($"positions needs {3L * CellCount} floats, has {positions.Length}.", nameof(positions));
        for (int i = 0; i < CellCount; i++)
        {
            Vector3 p = QueryPoint(i, jitterSeed);
            positions[3 * i] = p.X; positions[3 * i + 1] = p.Y; positions[3 * i + 2] = p.Z;
        }
    }

    /// <summary>Cell <paramref name="cell"/>'s query point, as <see cref="QueryPoints"/> writes it.</summary>
    public Vector3 QueryPoint(int cell, uint? jitterSeed = null)
    {
        int r = Resolution, x = cell % r, y = cell / r % r, z = cell / (r * r);
        Vector3 p = CellCentre(x, y, z);
        if (jitterSeed is uint seed)
            p += new Vector3(Hash01(seed, 3u * (uint)cell) - 0.5f, Hash01(seed, 3u * (uint)cell + 1u) - 0.5f,
                Hash01(seed, 3u * (uint)cell + 2u) - 0.5f) * CellSize;
        return p;
    }

    /// <summary>acc[i] = max(acc[i], sigma[i]): the max over conditions of one update.</summary>
    public static void MaxInto(Span<float> acc, ReadOnlySpan<float> sigma)
    {
        if (acc.Length != sigma.Length) throw new ArgumentException("Length mismatch.", nameof(sigma));
        System.Numerics.Tensors.TensorPrimitives.Max(acc, sigma, acc);
    }

    /// <summary>
    /// 3×3×3 max filter in place (one-cell dilation, clamped at the borders): makes culling less aggressive, so a
    /// surface between two cell centres is not lost. O(27·R³), separable would be 3× cheaper but this runs every
    /// 16 iterations only.
    /// </summary>
    public void Dilate(Span<float> candidate)
    {
        if (candidate.Length != CellCount) throw new ArgumentException($"candidate needs {CellCount} floats.", nameof(candidate));
        // Separable: three 1-D max passes (x, y, z) give the same result as the 27-neighbour max.
        float[] tmp = new float[CellCount];
        int r = Resolution;
        for (int axis = 0; axis < 3; axis++)
        {
            int stride = axis == 0 ? 1 : axis == 1 ? r : r * r;
            candidate.CopyTo(tmp);
            for (int i = 0; i < CellCount; i++)
            {
                int coord = i / stride % r;
                float m = tmp[i];
                if (coord > 0) m = MathF.Max(m, tmp[i - stride]);
                if (coord < r - 1) m = MathF.Max(m, tmp[i + stride]);
                candidate[i] = m;
            }
        }
    }

    /// <summary>
    /// One RAD-NeRF update: Density = max(Density·decay, candidate) where both are ≥ 0 (negative = never seen stays),
    /// then <see cref="RebuildBitfield"/>.
    /// </summary>
    public void Update(ReadOnlySpan<float> candidate, float decay = DefaultDecay, float thresholdCap = DefaultThresholdCap)
    {
        if (candidate.Length != CellCount) throw new ArgumentException($"candidate needs {CellCount} floats.", nameof(candidate));
        if (!(decay >= 0f && decay <= 1f)) throw new ArgumentOutOfRangeException(nameof(decay));
        float[] g = Density;
        for (int i = 0; i < g.Length; i++)
        {
            float c = candidate[i];
            if (g[i] >= 0f && c >= 0f) g[i] = MathF.Max(g[i] * decay, c);
        }
        RebuildBitfield(thresholdCap);
    }

    /// <summary>
    /// Recomputes the bitfield: threshold = min(mean of max(Density, 0), cap); bit set ⇔ Density &gt; threshold.
    /// (A grid of all zeros therefore has no occupied cell.) Call after editing <see cref="Density"/> directly.
    /// </summary>
    public void RebuildBitfield(float thresholdCap = DefaultThresholdCap)
    {
        double sum = 0;
        foreach (float v in Density) if (v > 0f) sum += v;
        MeanDensity = (float)(sum / CellCount);
        Threshold = MathF.Min(MeanDensity, thresholdCap);
        float thr = Threshold;
        float[] g = Density;
        byte[] bits = Bitfield;
        int bytes = bits.Length;
        Parallel.For(0, (bytes + ChunkCells - 1) / ChunkCells, c =>
        {
            int end = Math.Min(bytes, (c + 1) * ChunkCells);
            for (int b = c * ChunkCells; b < end; b++)
            {
                int v = 0;
                for (int k = 0; k < 8; k++)
                {
                    int i = 8 * b + k;
                    if (i < g.Length && g[i] > thr) v |= 1 << k;
                }
                bits[b] = (byte)v;
            }
        });
    }

    /// <summary>
    /// Sets every occupancy bit (Density untouched): a warm start before the first update, or a test scene. Note that
    /// a uniform Density would mark nothing occupied (grid &gt; mean is strict, as RAD-NeRF's packbits).
    /// </summary>
    public void SetAllOccupied(bool occupied)
    {
        Array.Fill(Bitfield, occupied ? (byte)0xFF : (byte)0);
        int tail = CellCount & 7;
        if (occupied && tail != 0) Bitfield[^1] = (byte)((1 << tail) - 1); // bits past the last cell stay 0
    }

    /// <summary>Sets the bitfield directly (tests, or a grid loaded from a baked model); leaves Density alone.</summary>
    public void SetOccupiedCell(int x, int y, int z, bool occupied)
    {
        int i = CellIndex(x, y, z);
        if (occupied) Bitfield[i >> 3] |= (byte)(1 << (i & 7));
        else Bitfield[i >> 3] &= (byte)~(1 << (i & 7));
    }

    /// <summary>
    /// Uniform [0,1) from (seed, counter): the stateless integer hash behind every jitter here (grid query points,
    /// marcher start offsets), so parallel callers agree and a GPU port can reproduce the same samples.
    /// </summary>
    public static float Hash01(uint seed, uint counter)
    {
        uint h = seed * 0x9E3779B9u ^ counter * 0x85EBCA6Bu;
        h ^= h >> 16; h *= 0x7FEB352Du; h ^= h >> 15; h *= 0x846CA68Bu; h ^= h >> 16;
        return (h >> 8) * (1f / (1 << 24));
    }
}
