namespace EdgeAvatar.Kernels.Encodings;

/// <summary>
/// The parameter table of a grid encoding and how each level indexes it.
/// <para>Table layout: one flat float array, [entry][feature]; level l owns entries
/// [Levels[l].Offset, Levels[l].Offset + Levels[l].Size), so feature f of level-local entry e is at
/// (Offset_l + e) × FeaturesPerLevel + f. This is torch-ngp's "embeddings" tensor flattened, with its offsets.</para>
/// <para>Vertex → entry (torch-ngp / RAD-NeRF semantics, see shaders/common/grid_index.glsl): a level has
/// VerticesPerAxis = ceil(s_l) + 2 vertices per axis (vertex coordinates 0 .. ceil(s_l) + 1; no wrap at the border).
/// The dense index g0 + g1·V + g2·V² is built axis by axis while the running stride is ≤ Size — axes after that
/// are left out, exactly like torch-ngp's loop — and then reduced modulo Size. Tiled storage always uses it; Hashed
/// storage replaces it by g0 ^ g1·2654435761 ^ g2·805459861 when V^D &gt; Size. All arithmetic is uint32, wrapping.</para>
/// </summary>
public sealed class GridEncodingLayout
{
    public GridEncodingLayout(GridEncodingConfig config)
    {
        Config = config.EnsureValid();
        int dims = config.Dimensions;
        long maxEntries = 1L << config.Log2TableSize;
        double b = config.PerLevelScale;
        var levels = new GridLevel[config.Levels];
        long offset = 0;
        for (int l = 0; l < config.Levels; l++)
        {
            // The float scale is the single source of truth: the resolution is derived from it (as torch-ngp's
            // kernel does), so table sizes can never disagree with the coordinates the kernels compute.
            float scale = (float)(config.BaseResolution * Math.Pow(b, l) - 1.0);
            long vertices = (long)Math.Ceiling(scale) + 2;
            long dense = 1;
            for (int d = 0; d < dims; d++)
                dense *= vertices;
            long size = Math.Min(maxEntries, dense);
            size = (size + 7) / 8 * 8;

            // torch-ngp: for (d = 0; d < D && stride <= size; d++) { index += g[d] * stride; stride *= V; }
            long stride = 1;
            var strides = new uint[3];
            for (int d = 0; d < dims && stride <= size; d++)
            {
                strides[d] = (uint)stride;
                stride *= vertices;
            }
            bool useHash = config.Storage == GridStorage.Hashed && stride > size;

            levels[l] = new GridLevel((uint)offset, (uint)size, scale, (uint)vertices, strides[1], strides[2], useHash);
            offset += size;
        }
        Levels = levels;
        TotalEntries = offset;
    }

    public GridEncodingConfig Config { get; }

    public IReadOnlyList<GridLevel> Levels { get; }

    /// <summary>Entries over all levels.</summary>
    public long TotalEntries { get; }

    /// <summary>Length of the float table: TotalEntries × FeaturesPerLevel.</summary>
    public long TableFloats => TotalEntries * Config.FeaturesPerLevel;

    /// <summary>
    /// The per-level uniform block of shaders/encoding/grid_encode.comp (std140, 1 KiB): a[32] then b[32], uvec4 each;
    /// a[l] = (Offset, Size, Stride1, Stride2), b[l] = (bits of Scale, UseHash, 0, 0). Unused levels are zero.
    /// </summary>
    public uint[] ToUniformWords()
    {
        var words = new uint[GridEncodingConfig.MaxLevels * 8];
        for (int l = 0; l < Levels.Count; l++)
        {
            GridLevel lv = Levels[l];
            int a = l * 4, b = (GridEncodingConfig.MaxLevels + l) * 4;
            words[a] = lv.Offset;
            words[a + 1] = lv.Size;
            words[a + 2] = lv.Stride1;
            words[a + 3] = lv.Stride2;
            words[b] = BitConverter.SingleToUInt32Bits(lv.Scale);
            words[b + 1] = lv.UseHash ? 1u : 0u;
        }
        return words;
    }

    /// <summary>
    /// The argument check of the CPU passes: <paramref name="positions"/> is N × Dimensions floats and
    /// <paramref name="table"/> has <see cref="TableFloats"/>; returns N. Throws <see cref="ArgumentException"/>
    /// naming the argument otherwise.
    /// </summary>
    public int PointCount(ReadOnlySpan<float> table, ReadOnlySpan<float> positions)
    {
        int dims = Config.Dimensions;
        if (positions.Length % dims != 0)
            throw new ArgumentException($"positions has {positions.Length} floats, not a multiple of {dims}.", nameof(positions));
        if (table.Length != TableFloats)
            throw new ArgumentException($"table has {table.Length} floats; this layout needs {TableFloats}.", nameof(table));
        return positions.Length / dims;
    }
}
