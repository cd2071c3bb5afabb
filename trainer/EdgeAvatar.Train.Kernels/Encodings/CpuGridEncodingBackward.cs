using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Train.Kernels.Encodings;

/// <summary>
/// Plain C# backward pass of the grid encoding: the specification trainer/EdgeAvatar.Train.Shaders/encoding/grid_encode_backward.comp is
/// tested against, itself checked by finite differences. Forward semantics are those of
/// <see cref="CpuGridEncoding"/>: out[n, l, f] = Σ_c w_c(t) · table[entry_c, f] with p = x·s_l + 0.5,
/// g = floor(p), t = p − g and w_c = Π_d (bit_d(c) ? t_d : 1 − t_d).
/// <para>Gradients (given G = dL/d(out), N × Levels × Features):</para>
/// <list type="bullet">
/// <item>dL/d(table[entry_c, f]) += w_c · G[n, l, f] — the output is linear in the table.</item>
/// <item>dL/dx_d += s_l · Σ_c (∂w_c/∂t_d) · Σ_f G[n, l, f] · table[entry_c, f], ∂w_c/∂t_d = ±Π_{e≠d} w_e
/// (+ for the upper corner). The encoding is only piecewise multilinear in x: this is the derivative inside the cell,
/// the one-sided value torch-ngp uses too; on a cell boundary it is the derivative of the cell floor() picks.</item>
/// <item>Points outside [0, 1]^D (or NaN) encode to constant zeros and get no gradient.</item>
/// </list>
/// <para>Both outputs are <b>accumulated</b> (+=), matching the GPU kernel's atomics: the caller zeroes them.
/// Determinism: levels own disjoint table ranges, so levels run in parallel while each level visits points in
/// index order and corners in order c = 0 .. 2^D − 1 — the float sum order is fixed, results are bit-reproducible.
/// The GPU kernel adds the same terms with atomics in an unspecified order, so it agrees only to float rounding.</para>
/// </summary>
public static class CpuGridEncodingBackward
{
    /// <summary>Accumulates dL/d(table) (and dL/d(positions) when <paramref name="positionGrad"/> is not empty).</summary>
    /// <param name="layout">The encoding's layout.</param>
    /// <param name="table">The table the forward used, <see cref="GridEncodingLayout.TableFloats"/> floats (read only for position gradients).</param>
    /// <param name="positions">N × Dimensions, point-major.</param>
    /// <param name="outputGrad">dL/d(output), N × (Levels × FeaturesPerLevel), laid out like the forward output.</param>
    /// <param name="tableGrad">TableFloats floats; gradients are added.</param>
    /// <param name="positionGrad">Empty, or N × Dimensions floats; gradients are added.</param>
    public static void Backward(GridEncodingLayout layout, ReadOnlySpan<float> table, ReadOnlySpan<float> positions,
        ReadOnlySpan<float> outputGrad, Span<float> tableGrad, Span<float> positionGrad)
    {
        GridEncodingConfig config = layout.Config;
        int dims = config.Dimensions;
        int n = layout.PointCount(table, positions);
        if (tableGrad.Length != layout.TableFloats)
            throw new ArgumentException($"tableGrad has {tableGrad.Length} floats; this layout needs {layout.TableFloats}.", nameof(tableGrad));
        if (outputGrad.Length != (long)n * config.OutputWidth)
            throw new ArgumentException($"outputGrad has {outputGrad.Length} floats; {n} points need {(long)n * config.OutputWidth}.", nameof(outputGrad));
        if (!positionGrad.IsEmpty && positionGrad.Length != positions.Length)
            throw new ArgumentException($"positionGrad has {positionGrad.Length} floats; expected 0 or {positions.Length}.", nameof(positionGrad));

        // Arrays so the parallel lambda can capture them; sizes are small next to the work.
        float[] t = table.ToArray(), x = positions.ToArray(), g = outputGrad.ToArray(), tg = tableGrad.ToArray();
        bool wantPos = !positionGrad.IsEmpty;
        // Per-level position gradients, summed over levels in level order afterwards (fixed order again).
        float[][] perLevelPos = new float[config.Levels][];
        GridLevel[] levels = [.. layout.Levels];
        Parallel.For(0, config.Levels, l =>
        {
            perLevelPos[l] = wantPos ? new float[x.Length] : [];
            BackwardLevel(levels[l], l, config, t, x, g, tg, perLevelPos[l]);
        });
        tg.CopyTo(tableGrad);
        if (wantPos)
            for (int l = 0; l < config.Levels; l++)
                for (int i = 0; i < x.Length; i++)
                    positionGrad[i] += perLevelPos[l][i];
    }

    private static void BackwardLevel(GridLevel lv, int l, GridEncodingConfig config, float[] table, float[] pos,
        float[] outGrad, float[] tableGrad, float[] posGrad)
    {
        int dims = config.Dimensions, features = config.FeaturesPerLevel, width = config.OutputWidth;
        int n = pos.Length / dims, corners = 1 << dims;
        bool wantPos = posGrad.Length != 0;
        Span<float> go = stackalloc float[4];
        for (int i = 0; i < n; i++)
        {
            float x0 = pos[i * dims], x1 = pos[i * dims + 1], x2 = dims == 3 ? pos[i * dims + 2] : 0f;
            if (!(x0 >= 0f && x0 <= 1f && x1 >= 0f && x1 <= 1f && x2 >= 0f && x2 <= 1f))
                continue;
            // Identical float operations to CpuGridEncoding.EncodePoint, so t (hence w) matches bit for bit.
            float p0 = x0 * lv.Scale + 0.5f, p1 = x1 * lv.Scale + 0.5f, p2 = x2 * lv.Scale + 0.5f;
            float f0 = MathF.Floor(p0), f1 = MathF.Floor(p1), f2 = MathF.Floor(p2);
            float t0 = p0 - f0, t1 = p1 - f1, t2 = dims == 3 ? p2 - f2 : 0f;
            uint g0 = (uint)f0, g1 = (uint)f1, g2 = dims == 3 ? (uint)f2 : 0u;
            for (int f = 0; f < features; f++)
                go[f] = outGrad[(long)i * width + l * features + f];

            float d0 = 0f, d1 = 0f, d2 = 0f; // Σ_c ∂w_c/∂t_d · <G, table[c]>
            for (int c = 0; c < corners; c++)
            {
                uint b0 = (uint)c & 1u, b1 = ((uint)c >> 1) & 1u, b2 = ((uint)c >> 2) & 1u;
                float w0 = b0 != 0 ? t0 : 1f - t0, w1 = b1 != 0 ? t1 : 1f - t1;
                float w2 = dims == 3 ? (b2 != 0 ? t2 : 1f - t2) : 1f;
                float w = w0 * w1;
                if (dims == 3)
                    w *= w2;
                long e = (long)(lv.Offset + CpuGridEncoding.EntryIndex(g0 + b0, g1 + b1, g2 + b2, lv)) * features;
                float dot = 0f;
                for (int f = 0; f < features; f++)
                {
                    tableGrad[e + f] += w * go[f];
                    dot += go[f] * table[e + f];
                }
                if (wantPos)
                {
                    d0 += (b0 != 0 ? 1f : -1f) * w1 * w2 * dot;
                    d1 += (b1 != 0 ? 1f : -1f) * w0 * w2 * dot;
                    d2 += (b2 != 0 ? 1f : -1f) * w0 * w1 * dot;
                }
            }
            if (wantPos)
            {
                posGrad[i * dims] += lv.Scale * d0;
                posGrad[i * dims + 1] += lv.Scale * d1;
                if (dims == 3)
                    posGrad[i * dims + 2] += lv.Scale * d2;
            }
        }
    }
}
