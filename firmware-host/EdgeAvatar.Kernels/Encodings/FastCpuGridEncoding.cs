namespace EdgeAvatar.Kernels.Encodings;

/// <summary>
/// The fast CPU grid encoding forward used by the renderers: bit for bit the values of
/// <see cref="CpuGridEncoding.Forward(GridEncodingLayout, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
/// (its specification and the test oracle) with the same float operations in the same order; only the integer work
/// differs. The reference reduces every corner index with a 32-bit division (idx % Size); here each level's reduction
/// is chosen once: a mask when Size is a power of two (every wrapping level: Size is then 2^T), nothing when the
/// largest index the level can form is below Size (dense levels), else the exact multiply-high remainder
/// (Lemire's fastmod, exact for all 32-bit operands). Per-axis index terms are formed once per level, not per corner.
/// Serial: callers run it on their own chunks (a renderer's Parallel.For over points), so it never nests threads.
/// </summary>
public sealed class FastCpuGridEncoding
{
    private readonly Level[] _levels;
    private readonly int _dims, _features;
    private readonly bool _masksOnly;   // every level reduces by a mask (or not at all): the 3-D two-feature fast path

    public FastCpuGridEncoding(GridEncodingLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        _dims = layout.Config.Dimensions;
        _features = layout.Config.FeaturesPerLevel;
        _levels = new Level[layout.Levels.Count];
        for (int l = 0; l < _levels.Length; l++)
            _levels[l] = new Level(layout.Levels[l], _dims);
        _masksOnly = _levels.All(l => l.AndMask != 0);
    }

    public GridEncodingLayout Layout { get; }

    /// <summary>Output floats per point: Levels × FeaturesPerLevel.</summary>
    public int OutputWidth => _levels.Length * _features;

    /// <summary>
    /// Encodes N = positions.Length / Dimensions points on the calling thread; same contract as the reference
    /// (points outside [0, 1] or NaN encode to zeros).
    /// </summary>
    public unsafe void Encode(ReadOnlySpan<float> table, ReadOnlySpan<float> positions, Span<float> output)
    {
        if (table.Length != Layout.TableFloats)
            throw new ArgumentException($"table has {table.Length} floats; this layout needs {Layout.TableFloats}.", nameof(table));
        if (positions.Length % _dims != 0)
            throw new ArgumentException($"positions has {positions.Length} floats, not a multiple of {_dims}.", nameof(positions));
        int n = positions.Length / _dims, width = OutputWidth;
        if (output.Length != n * width)
            throw new ArgumentException($"output has {output.Length} floats; {n} points need {n * width}.", nameof(output));
        fixed (float* t = table, p = positions, o = output)
        fixed (Level* lv = _levels)
        {
            for (int i = 0; i < n; i++)
            {
                float* x = p + (long)i * _dims, r = o + (long)i * width;
                if (_dims == 3 && _features == 2 && _masksOnly)
                    Point3Pairs(lv, _levels.Length, t, x[0], x[1], x[2], r);
                else if (_dims == 3)
                    Point3(lv, _levels.Length, _features, t, x[0], x[1], x[2], r);
                else
                    Point2(lv, _levels.Length, _features, t, x[0], x[1], r);
            }
        }
    }

    private static unsafe void Point3(Level* levels, int count, int features, float* table, float x0, float x1, float x2,
        float* result)
    {
        float* acc = stackalloc float[4];
        if (!(x0 >= 0f && x0 <= 1f && x1 >= 0f && x1 <= 1f && x2 >= 0f && x2 <= 1f))
        {
            new Span<float>(result, count * features).Clear();
            return;
        }
        for (int l = 0; l < count; l++)
        {
            ref readonly Level lv = ref levels[l];
            float p0 = x0 * lv.Scale + 0.5f, p1 = x1 * lv.Scale + 0.5f, p2 = x2 * lv.Scale + 0.5f;
            float f0 = MathF.Floor(p0), f1 = MathF.Floor(p1), f2 = MathF.Floor(p2);
            float t0 = p0 - f0, t1 = p1 - f1, t2 = p2 - f2;
            float s0 = 1f - t0, s1 = 1f - t1, s2 = 1f - t2;
            uint g0 = (uint)f0, g1 = (uint)f1, g2 = (uint)f2;
            // Per-axis index terms for the low (a) and high (b) vertex; corner c takes bit k of c on axis k.
            uint a0, b0, a1, b1, a2, b2;
            if (lv.UseHash)
            {
                a0 = g0; b0 = g0 + 1u;
                a1 = g1 * 2654435761u; b1 = (g1 + 1u) * 2654435761u;
                a2 = g2 * 805459861u; b2 = (g2 + 1u) * 805459861u;
            }
            else
            {
                a0 = g0; b0 = g0 + 1u;
                a1 = g1 * lv.Stride1; b1 = (g1 + 1u) * lv.Stride1;
                a2 = g2 * lv.Stride2; b2 = (g2 + 1u) * lv.Stride2;
            }
            // The reference's corner order (c = 0..7, bit 0 = axis 0) and weight products ((w0·w1)·w2).
            float w00 = s0 * s1, w10 = t0 * s1, w01 = s0 * t1, w11 = t0 * t1;
            float* r = result + l * features;
            float* tb = table + (long)lv.Offset * features;
            if (features == 2)
            {
                float c0 = 0f, c1 = 0f;
                Corner2(lv, tb, Combine(lv.UseHash, a0, a1, a2), w00 * s2, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, b0, a1, a2), w10 * s2, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, a0, b1, a2), w01 * s2, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, b0, b1, a2), w11 * s2, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, a0, a1, b2), w00 * t2, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, b0, a1, b2), w10 * t2, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, a0, b1, b2), w01 * t2, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, b0, b1, b2), w11 * t2, ref c0, ref c1);
                r[0] = c0; r[1] = c1;
            }
            else
            {
                acc[0] = 0f; acc[1] = 0f; acc[2] = 0f; acc[3] = 0f;
                CornerN(lv, tb, features, Combine(lv.UseHash, a0, a1, a2), w00 * s2, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, b0, a1, a2), w10 * s2, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, a0, b1, a2), w01 * s2, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, b0, b1, a2), w11 * s2, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, a0, a1, b2), w00 * t2, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, b0, a1, b2), w10 * t2, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, a0, b1, b2), w01 * t2, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, b0, b1, b2), w11 * t2, acc);
                for (int f = 0; f < features; f++) r[f] = acc[f];
            }
        }
    }

    /// <summary>
    /// <see cref="Point3"/> for two features per level when no level needs the general remainder: each level's
    /// reduction is one AND (Size − 1, or all ones for a dense level), the hash/dense choice is made once per level,
    /// and the eight corners' indices are formed before any table read so the loads can overlap.
    /// </summary>
    private static unsafe void Point3Pairs(Level* levels, int count, float* table, float x0, float x1, float x2,
        float* result)
    {
        if (!(x0 >= 0f && x0 <= 1f && x1 >= 0f && x1 <= 1f && x2 >= 0f && x2 <= 1f))
        {
            new Span<float>(result, count * 2).Clear();
            return;
        }
        for (int l = 0; l < count; l++)
        {
            Level* lv = levels + l;
            float scale = lv->Scale;
            float p0 = x0 * scale + 0.5f, p1 = x1 * scale + 0.5f, p2 = x2 * scale + 0.5f;
            float f0 = MathF.Floor(p0), f1 = MathF.Floor(p1), f2 = MathF.Floor(p2);
            float t0 = p0 - f0, t1 = p1 - f1, t2 = p2 - f2;
            float s0 = 1f - t0, s1 = 1f - t1, s2 = 1f - t2;
            uint g0 = (uint)f0, g1 = (uint)f1, g2 = (uint)f2, mask = lv->AndMask;
            uint i0, i1, i2, i3, i4, i5, i6, i7;
            if (lv->UseHash)
            {
                uint a1 = g1 * 2654435761u, b1 = (g1 + 1u) * 2654435761u, a2 = g2 * 805459861u, b2 = (g2 + 1u) * 805459861u;
                uint b0 = g0 + 1u;
                i0 = g0 ^ a1 ^ a2; i1 = b0 ^ a1 ^ a2; i2 = g0 ^ b1 ^ a2; i3 = b0 ^ b1 ^ a2;
                i4 = g0 ^ a1 ^ b2; i5 = b0 ^ a1 ^ b2; i6 = g0 ^ b1 ^ b2; i7 = b0 ^ b1 ^ b2;
            }
            else
            {
                uint a1 = g1 * lv->Stride1, b1 = (g1 + 1u) * lv->Stride1, a2 = g2 * lv->Stride2, b2 = (g2 + 1u) * lv->Stride2;
                uint b0 = g0 + 1u;
                i0 = g0 + a1 + a2; i1 = b0 + a1 + a2; i2 = g0 + b1 + a2; i3 = b0 + b1 + a2;
                i4 = g0 + a1 + b2; i5 = b0 + a1 + b2; i6 = g0 + b1 + b2; i7 = b0 + b1 + b2;
            }
            float* tb = table + (long)lv->Offset * 2;
            float* v0 = tb + 2 * (long)(i0 & mask), v1 = tb + 2 * (long)(i1 & mask), v2 = tb + 2 * (long)(i2 & mask);
            float* v3 = tb + 2 * (long)(i3 & mask), v4 = tb + 2 * (long)(i4 & mask), v5 = tb + 2 * (long)(i5 & mask);
            float* v6 = tb + 2 * (long)(i6 & mask), v7 = tb + 2 * (long)(i7 & mask);
            // The reference's corner order (c = 0..7, bit 0 = axis 0) and weight products ((w0·w1)·w2).
            float w00 = s0 * s1, w10 = t0 * s1, w01 = s0 * t1, w11 = t0 * t1;
            float w0 = w00 * s2, w1 = w10 * s2, w2 = w01 * s2, w3 = w11 * s2;
            float w4 = w00 * t2, w5 = w10 * t2, w6 = w01 * t2, w7 = w11 * t2;
            float c0 = 0f, c1 = 0f;
            c0 += w0 * v0[0]; c1 += w0 * v0[1];
            c0 += w1 * v1[0]; c1 += w1 * v1[1];
            c0 += w2 * v2[0]; c1 += w2 * v2[1];
            c0 += w3 * v3[0]; c1 += w3 * v3[1];
            c0 += w4 * v4[0]; c1 += w4 * v4[1];
            c0 += w5 * v5[0]; c1 += w5 * v5[1];
            c0 += w6 * v6[0]; c1 += w6 * v6[1];
            c0 += w7 * v7[0]; c1 += w7 * v7[1];
            result[2 * l] = c0;
            result[2 * l + 1] = c1;
        }
    }

    private static unsafe void Point2(Level* levels, int count, int features, float* table, float x0, float x1,
        float* result)
    {
        float* acc = stackalloc float[4];
        if (!(x0 >= 0f && x0 <= 1f && x1 >= 0f && x1 <= 1f))
        {
            new Span<float>(result, count * features).Clear();
            return;
        }
        for (int l = 0; l < count; l++)
        {
            ref readonly Level lv = ref levels[l];
            float p0 = x0 * lv.Scale + 0.5f, p1 = x1 * lv.Scale + 0.5f;
            float f0 = MathF.Floor(p0), f1 = MathF.Floor(p1);
            float t0 = p0 - f0, t1 = p1 - f1;
            float s0 = 1f - t0, s1 = 1f - t1;
            uint g0 = (uint)f0, g1 = (uint)f1;
            uint m1 = lv.UseHash ? 2654435761u : lv.Stride1;
            uint a0 = g0, b0 = g0 + 1u, a1 = g1 * m1, b1 = (g1 + 1u) * m1;
            float* r = result + l * features;
            float* tb = table + (long)lv.Offset * features;
            if (features == 2)
            {
                float c0 = 0f, c1 = 0f;
                Corner2(lv, tb, Combine(lv.UseHash, a0, a1, 0u), s0 * s1, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, b0, a1, 0u), t0 * s1, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, a0, b1, 0u), s0 * t1, ref c0, ref c1);
                Corner2(lv, tb, Combine(lv.UseHash, b0, b1, 0u), t0 * t1, ref c0, ref c1);
                r[0] = c0; r[1] = c1;
            }
            else
            {
                acc[0] = 0f; acc[1] = 0f; acc[2] = 0f; acc[3] = 0f;
                CornerN(lv, tb, features, Combine(lv.UseHash, a0, a1, 0u), s0 * s1, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, b0, a1, 0u), t0 * s1, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, a0, b1, 0u), s0 * t1, acc);
                CornerN(lv, tb, features, Combine(lv.UseHash, b0, b1, 0u), t0 * t1, acc);
                for (int f = 0; f < features; f++) r[f] = acc[f];
            }
        }
    }

    // The unreduced index: XOR of the hash terms, or the sum of the dense strides' terms (uint, wrapping).
    private static uint Combine(bool hash, uint a, uint b, uint c) => hash ? a ^ b ^ c : a + b + c;

    private static unsafe void Corner2(in Level lv, float* levelTable, uint idx, float w, ref float c0, ref float c1)
    {
        float* v = levelTable + (long)lv.Reduce(idx) * 2;
        c0 += w * v[0];
        c1 += w * v[1];
    }

    private static unsafe void CornerN(in Level lv, float* levelTable, int features, uint idx, float w, float* acc)
    {
        float* v = levelTable + (long)lv.Reduce(idx) * features;
        for (int f = 0; f < features; f++) acc[f] += w * v[f];
    }

    /// <summary>One level with its index reduction chosen once (see the class summary).</summary>
    private readonly struct Level
    {
        public readonly uint Offset, Size, Stride1, Stride2, Mask;
        /// <summary>The reduction as one AND: Size − 1 (mask mode), all ones (no reduction), or 0 (needs fastmod).</summary>
        public readonly uint AndMask;
        public readonly float Scale;
        public readonly bool UseHash;
        private readonly ulong _fastModM;
        private readonly byte _mode;   // 0: idx < Size always, 1: mask, 2: fastmod

        public Level(GridLevel level, int dims)
        {
            Offset = level.Offset; Size = level.Size; Scale = level.Scale; UseHash = level.UseHash;
            Stride1 = level.Stride1; Stride2 = dims == 3 ? level.Stride2 : 0u;
            Mask = level.Size - 1;
            _fastModM = ulong.MaxValue / level.Size + 1;
            // The largest unreduced dense index: every vertex coordinate is at most VerticesPerAxis − 1 (in exact
            // integers, so a wrap in uint arithmetic is caught here rather than assumed away).
            ulong vmax = level.VerticesPerAxis - 1ul;
            ulong maxIndex = vmax * (1ul + level.Stride1 + (dims == 3 ? level.Stride2 : 0ul));
            if ((level.Size & (level.Size - 1)) == 0) _mode = 1;
            else if (!level.UseHash && maxIndex < level.Size) _mode = 0;
            else _mode = 2;
            AndMask = _mode switch { 0 => uint.MaxValue, 1 => Mask, _ => 0u };
        }

        public uint Reduce(uint idx) => _mode switch
        {
            0 => idx,
            1 => idx & Mask,
            _ => (uint)Math.BigMul(_fastModM * idx, Size, out _),
        };
    }
}
