using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Render.Networks;

/// <summary>
/// Fast CPU forward of a fused, bias-free <see cref="MlpConfig"/> network (same maths as
/// <see cref="FusedMlpReference"/>, the specification it is tested against; only the summation order differs).
/// Each layer is computed as y = Σ_k x_k · Wᵀ[k, :] in input order k = 0, 1, …, skipping the zeros that ReLU leaves
/// in x (adding a zero product never changes a sum that starts at +0, so the skip is exact for finite weights), with
/// one multiply and one add per term (no fused multiply-add), so every output is bit for bit the same on any
/// Vector&lt;float&gt; width. The output row is held in registers, up to eight vectors at a time, while k runs.
/// Optionally keeps every hidden layer's post-activation output, which is what the trainer's backward pass needs.
/// Points are split into fixed chunks (set by the point count only), so results do not depend on thread timing.
/// </summary>
public static class CpuMlp
{
    public const int ChunkPoints = 256;

    [ThreadStatic]
    private static CpuMlpWeights? t_weights;

    /// <summary>Floats per point that <paramref name="hidden"/> needs: HiddenLayers × HiddenWidth.</summary>
    public static int HiddenFloats(MlpConfig c) => c.HiddenLayers * c.HiddenWidth;

    /// <param name="weights">ParameterCount floats, flat layout (layers back to back, row-major [out][in]).</param>
    /// <param name="inputs">M × InputWidth.</param>
    /// <param name="outputs">M × OutputWidth (pre output-activation, which is None or ReLU per the config).</param>
    /// <param name="hidden">Empty, or M × <see cref="HiddenFloats"/>: receives hidden activations.</param>
    public static unsafe void Forward(MlpConfig c, ReadOnlySpan<float> weights, ReadOnlySpan<float> inputs,
        Span<float> outputs, Span<float> hidden)
    {
        ArgumentNullException.ThrowIfNull(c);
        int m = inputs.Length / c.InputWidth;
        if (weights.Length != c.ParameterCount) throw new ArgumentException("weights size.", nameof(weights));
        if (inputs.Length != m * c.InputWidth || outputs.Length != m * c.OutputWidth)
            throw new ArgumentException("inputs/outputs size.");
        int hf = HiddenFloats(c);
        if (!hidden.IsEmpty && hidden.Length != m * hf) throw new ArgumentException("hidden size.", nameof(hidden));
        var prepared = t_weights ??= new CpuMlpWeights();
        prepared.Load(c, weights);
        bool keep = !hidden.IsEmpty;
        fixed (float* ip = inputs, op = outputs, hp = hidden)
        {
            nint ipn = (nint)ip, opn = (nint)op, hpn = (nint)hp;
            int chunks = (m + ChunkPoints - 1) / ChunkPoints;
            Parallel.For(0, chunks, chunk =>
            {
                int start = chunk * ChunkPoints, count = Math.Min(m, start + ChunkPoints) - start;
                ForwardChunk(prepared,
                    new ReadOnlySpan<float>((float*)ipn + (long)start * c.InputWidth, count * c.InputWidth),
                    new Span<float>((float*)opn + (long)start * c.OutputWidth, count * c.OutputWidth),
                    keep ? new Span<float>((float*)hpn + (long)start * hf, count * hf) : default);
            });
        }
    }

    /// <summary>
    /// Forward of M points on the calling thread (for callers that already split work over threads), with weights
    /// prepared by <see cref="CpuMlpWeights.Load"/>. Same shapes and results as <see cref="Forward"/>.
    /// </summary>
    public static void ForwardChunk(CpuMlpWeights weights, ReadOnlySpan<float> inputs, Span<float> outputs,
        Span<float> hidden)
        => ForwardChunk(weights, inputs, outputs, hidden, null, []);

    /// <summary>
    /// <see cref="ForwardChunk(CpuMlpWeights, ReadOnlySpan{float}, Span{float}, Span{float})"/> for inputs whose
    /// columns from <see cref="FirstLayerSplit.PointWidth"/> on are the same for every point, or the same up to a
    /// per-point factor: the first layer reads only the point's own columns and adds
    /// scales[i] · <see cref="FirstLayerSplit.ScaledTerm"/> + <see cref="FirstLayerSplit.ConstantTerm"/>
    /// (precomputed with <see cref="CpuMlpWeights.FirstLayerTerm"/>), the torso's frame split applied to the head.
    /// The same network as on the whole row; only the float summation order differs. The input rows are still
    /// whole (the caller keeps them for a backward pass).
    /// </summary>
    /// <param name="scales">M per-point factors of the scaled term, or empty when there is none.</param>
    public static void ForwardChunk(CpuMlpWeights weights, ReadOnlySpan<float> inputs, Span<float> outputs,
        Span<float> hidden, FirstLayerSplit? split, ReadOnlySpan<float> scales)
    {
        ArgumentNullException.ThrowIfNull(weights);
        MlpConfig c = weights.Config ?? throw new ArgumentException("weights are not loaded.", nameof(weights));
        int inW = c.InputWidth, outW = c.OutputWidth, hf = HiddenFloats(c);
        int m = inputs.Length / inW;
        if (inputs.Length != m * inW || outputs.Length != m * outW)
            throw new ArgumentException("inputs/outputs size.");
        if (!hidden.IsEmpty && hidden.Length != m * hf) throw new ArgumentException("hidden size.", nameof(hidden));
        int pad0 = CpuMlpWeights.PaddedWidth(c.LayerOutputWidth(0)), pw = split?.PointWidth ?? inW;
        ReadOnlySpan<float> scaledTerm = split is null ? [] : split.ScaledTerm, constantTerm = split is null ? [] : split.ConstantTerm;
        bool scaled = !scaledTerm.IsEmpty, constant = !constantTerm.IsEmpty;
        if (pw < 1 || pw > inW || (scaled && (scaledTerm.Length != pad0 || scales.Length != m))
            || (constant && constantTerm.Length != pad0))
            throw new ArgumentException("first-layer split shapes.", nameof(split));
        int width = weights.MaxPaddedWidth;
        Span<float> a = stackalloc float[width];
        Span<float> b = stackalloc float[width];
        Span<float> a2 = stackalloc float[width];
        Span<float> b2 = stackalloc float[width];
        int narrowLimit = 2 * Vector<float>.Count;
        // Points go in pairs: a layer of at most two vectors is bound by its add latency on one point, so the
        // pair's two independent chains run it in about the time of one (each point's sums are unchanged).
        for (int i = 0; i < m; i += 2)
        {
            bool two = i + 1 < m;
            scoped ReadOnlySpan<float> x = inputs.Slice(i * inW, pw);
            scoped ReadOnlySpan<float> x2 = two ? inputs.Slice((i + 1) * inW, pw) : default;
            Span<float> target = a, target2 = a2;
            for (int layer = 0; layer < c.LayerCount; layer++)
            {
                int lOut = c.LayerOutputWidth(layer), padded = CpuMlpWeights.PaddedWidth(lOut);
                bool last = layer == c.HiddenLayers;
                bool relu = (last ? c.OutputActivation : c.Activation) == MlpActivation.ReLU;
                bool terms = layer == 0 && (scaled || constant);
                if (two && padded <= narrowLimit)
                    LayerPair(x, x2, weights.Layer(layer), padded, target, target2, relu && !terms);
                else
                {
                    Layer(x, weights.Layer(layer), padded, target, relu && !terms);
                    if (two) Layer(x2, weights.Layer(layer), padded, target2, relu && !terms);
                }
                if (terms)
                {
                    AddTerms(target[..pad0], scaledTerm, scaled ? scales[i] : 0f, constantTerm, relu);
                    if (two) AddTerms(target2[..pad0], scaledTerm, scaled ? scales[i + 1] : 0f, constantTerm, relu);
                }
                if (last)
                {
                    target[..lOut].CopyTo(outputs.Slice(i * outW, outW));
                    if (two) target2[..lOut].CopyTo(outputs.Slice((i + 1) * outW, outW));
                }
                else
                {
                    if (!hidden.IsEmpty)
                    {
                        target[..lOut].CopyTo(hidden.Slice(i * hf + layer * c.HiddenWidth, lOut));
                        if (two) target2[..lOut].CopyTo(hidden.Slice((i + 1) * hf + layer * c.HiddenWidth, lOut));
                    }
                    x = target[..lOut];
                    x2 = target2[..lOut];
                    target = target == a ? b : a;
                    target2 = target2 == a2 ? b2 : a2;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Layer(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, bool)"/> for two points at once,
    /// for layers of one or two vectors. A zero input is skipped only when both points have it; otherwise its
    /// product (±0) is added, which leaves a sum that started at +0 unchanged (it can never be −0), so each point's
    /// outputs are bit for bit those of the one-point kernel (for finite weights).
    /// </summary>
    internal static void LayerPair(ReadOnlySpan<float> x, ReadOnlySpan<float> x2, ReadOnlySpan<float> rows, int padded,
        Span<float> y, Span<float> y2, bool relu)
    {
        int lanes = Vector<float>.Count, inW = x.Length;
        if (padded % lanes != 0 || padded > 2 * lanes || x2.Length != inW || rows.Length < inW * padded
            || y.Length < padded || y2.Length < padded)
            throw new ArgumentException("layer shapes.");
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float xr2 = ref MemoryMarshal.GetReference(x2);
        ref float w = ref MemoryMarshal.GetReference(rows);
        Vector<float> p0 = default, p1 = default, q0 = default, q1 = default;
        if (padded == lanes)
        {
            for (int k = 0; k < inW; k++)
            {
                float xa = Unsafe.Add(ref xr, k), xb = Unsafe.Add(ref xr2, k);
                if (xa == 0f && xb == 0f) continue;
                var r0 = Row(ref w, k, padded, 0, 0);
                p0 += new Vector<float>(xa) * r0;
                q0 += new Vector<float>(xb) * r0;
            }
        }
        else
        {
            for (int k = 0; k < inW; k++)
            {
                float xa = Unsafe.Add(ref xr, k), xb = Unsafe.Add(ref xr2, k);
                if (xa == 0f && xb == 0f) continue;
                var r0 = Row(ref w, k, padded, 0, 0);
                var r1 = Row(ref w, k, padded, 0, 1);
                var va = new Vector<float>(xa);
                var vb = new Vector<float>(xb);
                p0 += va * r0; p1 += va * r1;
                q0 += vb * r0; q1 += vb * r1;
            }
        }
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float yr2 = ref MemoryMarshal.GetReference(y2);
        Store(p0, relu, ref yr, 0, 0);
        Store(q0, relu, ref yr2, 0, 0);
        if (padded > lanes)
        {
            Store(p1, relu, ref yr, 0, 1);
            Store(q1, relu, ref yr2, 0, 1);
        }
    }

    /// <summary>y = act(y + s · scaledTerm + constantTerm), whole vectors (either term may be empty).</summary>
    private static void AddTerms(Span<float> y, ReadOnlySpan<float> scaledTerm, float s, ReadOnlySpan<float> constantTerm,
        bool relu)
    {
        int lanes = Vector<float>.Count;
        var vs = new Vector<float>(s);
        for (int o = 0; o < y.Length; o += lanes)
        {
            var v = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)o);
            if (!scaledTerm.IsEmpty) v += vs * Vector.LoadUnsafe(ref MemoryMarshal.GetReference(scaledTerm), (nuint)o);
            if (!constantTerm.IsEmpty) v += Vector.LoadUnsafe(ref MemoryMarshal.GetReference(constantTerm), (nuint)o);
            if (relu) v = Vector.Max(v, Vector<float>.Zero);
            v.StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)o);
        }
    }

    /// <summary>
    /// y[0..padded) = act(Σ_k x_k · rows[k]) with rows padded to <paramref name="padded"/> floats. The plain scalar
    /// statement of this is <c>for o: acc = 0; for k: if (x[k] != 0) acc += x[k] · rows[k·padded + o]</c>.
    /// </summary>
    internal static void Layer(ReadOnlySpan<float> x, ReadOnlySpan<float> rows, int padded, Span<float> y, bool relu)
        => Layer(x, rows, padded, y, relu, []);

    /// <summary>
    /// <see cref="Layer(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, bool)"/> with the sums starting
    /// from <paramref name="init"/> (padded floats; empty: from +0) instead of zero: acc = init; acc += x_k · row_k.
    /// </summary>
    internal static void Layer(ReadOnlySpan<float> x, ReadOnlySpan<float> rows, int padded, Span<float> y, bool relu,
        ReadOnlySpan<float> init)
    {
        if (!init.IsEmpty && init.Length < padded) throw new ArgumentException("init shorter than the layer.", nameof(init));
        int lanes = Vector<float>.Count, vectors = padded / lanes, inW = x.Length;
        if (padded % lanes != 0 || rows.Length < inW * padded || y.Length < padded)
            throw new ArgumentException("layer shapes.");
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float wr = ref MemoryMarshal.GetReference(rows);
        ref float yr = ref MemoryMarshal.GetReference(y);
        bool hasInit = !init.IsEmpty;
        ref float ir = ref hasInit ? ref MemoryMarshal.GetReference(init) : ref yr;
        int v = 0;
        for (; v + 8 <= vectors; v += 8) Block8(ref xr, inW, ref wr, padded, v * lanes, ref yr, relu, ref ir, hasInit);
        if (v + 4 <= vectors) { Block4(ref xr, inW, ref wr, padded, v * lanes, ref yr, relu, ref ir, hasInit); v += 4; }
        if (v + 2 <= vectors) { Block2(ref xr, inW, ref wr, padded, v * lanes, ref yr, relu, ref ir, hasInit); v += 2; }
        if (v < vectors) Block1(ref xr, inW, ref wr, padded, v * lanes, ref yr, relu, ref ir, hasInit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Row(ref float w, int k, int stride, int col, int vector)
        => Vector.LoadUnsafe(ref w, (nuint)(k * stride + col + vector * Vector<float>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Init(ref float init, bool hasInit, int col, int vector)
        => hasInit ? Vector.LoadUnsafe(ref init, (nuint)(col + vector * Vector<float>.Count)) : Vector<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<float> acc, bool relu, ref float y, int col, int vector)
        => (relu ? Vector.Max(acc, Vector<float>.Zero) : acc).StoreUnsafe(ref y, (nuint)(col + vector * Vector<float>.Count));

    private static void Block8(ref float x, int inW, ref float w, int stride, int col, ref float y, bool relu, ref float init, bool hasInit)
    {
        Vector<float> a0 = Init(ref init, hasInit, col, 0), a1 = Init(ref init, hasInit, col, 1), a2 = Init(ref init, hasInit, col, 2), a3 = Init(ref init, hasInit, col, 3),
            a4 = Init(ref init, hasInit, col, 4), a5 = Init(ref init, hasInit, col, 5), a6 = Init(ref init, hasInit, col, 6), a7 = Init(ref init, hasInit, col, 7);
        for (int k = 0; k < inW; k++)
        {
            float xk = Unsafe.Add(ref x, k);
            if (xk == 0f) continue;
            var v = new Vector<float>(xk);
            a0 += v * Row(ref w, k, stride, col, 0); a1 += v * Row(ref w, k, stride, col, 1);
            a2 += v * Row(ref w, k, stride, col, 2); a3 += v * Row(ref w, k, stride, col, 3);
            a4 += v * Row(ref w, k, stride, col, 4); a5 += v * Row(ref w, k, stride, col, 5);
            a6 += v * Row(ref w, k, stride, col, 6); a7 += v * Row(ref w, k, stride, col, 7);
        }
        Store(a0, relu, ref y, col, 0); Store(a1, relu, ref y, col, 1); Store(a2, relu, ref y, col, 2); Store(a3, relu, ref y, col, 3);
        Store(a4, relu, ref y, col, 4); Store(a5, relu, ref y, col, 5); Store(a6, relu, ref y, col, 6); Store(a7, relu, ref y, col, 7);
    }

    private static void Block4(ref float x, int inW, ref float w, int stride, int col, ref float y, bool relu, ref float init, bool hasInit)
    {
        Vector<float> a0 = Init(ref init, hasInit, col, 0), a1 = Init(ref init, hasInit, col, 1), a2 = Init(ref init, hasInit, col, 2), a3 = Init(ref init, hasInit, col, 3);
        for (int k = 0; k < inW; k++)
        {
            float xk = Unsafe.Add(ref x, k);
            if (xk == 0f) continue;
            var v = new Vector<float>(xk);
            a0 += v * Row(ref w, k, stride, col, 0); a1 += v * Row(ref w, k, stride, col, 1);
            a2 += v * Row(ref w, k, stride, col, 2); a3 += v * Row(ref w, k, stride, col, 3);
        }
        Store(a0, relu, ref y, col, 0); Store(a1, relu, ref y, col, 1); Store(a2, relu, ref y, col, 2); Store(a3, relu, ref y, col, 3);
    }

    private static void Block2(ref float x, int inW, ref float w, int stride, int col, ref float y, bool relu, ref float init, bool hasInit)
    {
        Vector<float> a0 = Init(ref init, hasInit, col, 0), a1 = Init(ref init, hasInit, col, 1);
        for (int k = 0; k < inW; k++)
        {
            float xk = Unsafe.Add(ref x, k);
            if (xk == 0f) continue;
            var v = new Vector<float>(xk);
            a0 += v * Row(ref w, k, stride, col, 0); a1 += v * Row(ref w, k, stride, col, 1);
        }
        Store(a0, relu, ref y, col, 0); Store(a1, relu, ref y, col, 1);
    }

    private static void Block1(ref float x, int inW, ref float w, int stride, int col, ref float y, bool relu, ref float init, bool hasInit)
    {
        Vector<float> a0 = Init(ref init, hasInit, col, 0);
        for (int k = 0; k < inW; k++)
        {
            float xk = Unsafe.Add(ref x, k);
            if (xk == 0f) continue;
            a0 += new Vector<float>(xk) * Row(ref w, k, stride, col, 0);
        }
        Store(a0, relu, ref y, col, 0);
    }
}
