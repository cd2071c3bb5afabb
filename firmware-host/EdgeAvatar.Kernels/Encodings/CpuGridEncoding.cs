namespace EdgeAvatar.Kernels.Encodings;

/// <summary>
/// The grid encoding forward on the CPU: what the CPU renderer and the CPU trainer run, and what
/// shaders/encoding/grid_encode.comp is tested against. Semantics (per point, per level) are documented on <see cref="GridEncodingLayout"/>;
/// the corner summation order and weight products are the same as the shader's.
/// </summary>
public static class CpuGridEncoding
{
    /// <summary>Points per Parallel.For work item: large enough to amortise scheduling, small enough to balance.</summary>
    private const int ChunkPoints = 1024;

    /// <summary>Encodes N points; see the overload taking a layout.</summary>
    public static void Forward(GridEncodingConfig config, ReadOnlySpan<float> table,
        ReadOnlySpan<float> positions, Span<float> output)
        => Forward(new GridEncodingLayout(config), table, positions, output);

    /// <summary>
    /// Encodes N = positions.Length / Dimensions points.
    /// </summary>
    /// <param name="layout">The encoding's layout.</param>
    /// <param name="table">The parameter table, <see cref="GridEncodingLayout.TableFloats"/> floats, [entry][feature].</param>
    /// <param name="positions">N × Dimensions, point-major, in [0, 1]; a point with a coordinate outside [0, 1] or NaN encodes to zeros.</param>
    /// <param name="output">N × (Levels × FeaturesPerLevel), point-major, level-major within a point.</param>
    public static unsafe void Forward(GridEncodingLayout layout, ReadOnlySpan<float> table,
        ReadOnlySpan<float> positions, Span<float> output)
    {
        GridEncodingConfig config = layout.Config;
        int dims = config.Dimensions;
        int n = layout.PointCount(table, positions);
        if (output.Length != (long)n * config.OutputWidth)
            throw new ArgumentException($"output has {output.Length} floats; {n} points need {(long)n * config.OutputWidth}.", nameof(output));

        GridLevel[] levels = [.. layout.Levels];
        fixed (float* tablePtr = table)
        fixed (float* posPtr = positions)
        fixed (float* outPtr = output)
        {
            // Pointers cannot be captured by a lambda; carry them as integers (the spans stay pinned meanwhile).
            nint t = (nint)tablePtr, p = (nint)posPtr, o = (nint)outPtr;
            int chunks = (n + ChunkPoints - 1) / ChunkPoints;
            Parallel.For(0, chunks, chunk =>
            {
                int end = Math.Min(n, (chunk + 1) * ChunkPoints);
                for (int i = chunk * ChunkPoints; i < end; i++)
                    EncodePoint(levels, config.FeaturesPerLevel, dims, (float*)t, (float*)p + (long)i * dims,
                        (float*)o + (long)i * config.OutputWidth);
            });
        }
    }

    private static unsafe void EncodePoint(GridLevel[] levels, int features, int dims, float* table, float* x,
        float* result)
    {
        float x0 = x[0], x1 = x[1], x2 = dims == 3 ? x[2] : 0f;
        // Negated in-range test: NaN counts as outside.
        if (!(x0 >= 0f && x0 <= 1f && x1 >= 0f && x1 <= 1f && x2 >= 0f && x2 <= 1f))
        {
            new Span<float>(result, levels.Length * features).Clear();
            return;
        }

        int corners = 1 << dims;
        for (int l = 0; l < levels.Length; l++)
        {
            GridLevel lv = levels[l];
            float p0 = x0 * lv.Scale + 0.5f, p1 = x1 * lv.Scale + 0.5f, p2 = x2 * lv.Scale + 0.5f;
            float f0 = MathF.Floor(p0), f1 = MathF.Floor(p1), f2 = MathF.Floor(p2);
            float t0 = p0 - f0, t1 = p1 - f1, t2 = dims == 3 ? p2 - f2 : 0f;
            uint g0 = (uint)f0, g1 = (uint)f1, g2 = dims == 3 ? (uint)f2 : 0u;

            float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
            for (int c = 0; c < corners; c++)
            {
                uint b0 = (uint)c & 1u, b1 = ((uint)c >> 1) & 1u, b2 = ((uint)c >> 2) & 1u;
                float w = (b0 != 0 ? t0 : 1f - t0) * (b1 != 0 ? t1 : 1f - t1);
                if (dims == 3)
                    w *= b2 != 0 ? t2 : 1f - t2;
                uint e = lv.Offset + EntryIndex(g0 + b0, g1 + b1, g2 + b2, lv);
                float* v = table + (long)e * features;
                a0 += w * v[0];
                if (features > 1)
                    a1 += w * v[1];
                if (features > 2)
                {
                    a2 += w * v[2];
                    a3 += w * v[3];
                }
            }

            float* r = result + l * features;
            r[0] = a0;
            if (features > 1)
                r[1] = a1;
            if (features > 2)
            {
                r[2] = a2;
                r[3] = a3;
            }
        }
    }

    /// <summary>
    /// Level-local entry of vertex (g0, g1, g2) (g2 = 0 in 2-D), in [0, Size). Same as grid_entry() in
    /// shaders/common/grid_index.glsl; uint arithmetic wraps on purpose (unchecked is the project default).
    /// </summary>
    public static uint EntryIndex(uint g0, uint g1, uint g2, in GridLevel level)
    {
        uint idx = level.UseHash
            ? g0 ^ (g1 * 2654435761u) ^ (g2 * 805459861u)
            : g0 + g1 * level.Stride1 + g2 * level.Stride2;
        return idx % level.Size;
    }
}
