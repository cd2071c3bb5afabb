using System.Numerics.Tensors;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Kernels.Encodings;

namespace EdgeAvatar.Train.Torso;

/// <summary>
/// The torso's backward pass: a recorded forward (the render side's <see cref="TorsoModel.ForwardBatch"/>, so values are
/// identical to rendering) and its hand-written backward:
/// sigmoid → colour MLP (→ grid features, → frame inputs) → grid table and grid positions
/// (<see cref="CpuGridEncodingBackward"/>) → clamp (gradient passes where −1 ≤ coord + offset ≤ 1, zero
/// outside, as torch.clamp) → DeformScale·tanh → deformation MLP (→ frame inputs) → latents.
/// Pixel coordinates are inputs, not trained; the pose inputs get a gradient only when the caller asks for it (an
/// anchors pose input trains its anchors through it).
/// <para>Gradients are <b>added</b> to the caller's buffers. Determinism: points are cut into at most
/// <see cref="MaxChunks"/> chunks fixed by N alone; each chunk accumulates its own partial sums in point order and
/// the partials are added in chunk order, so results are bit-reproducible for any thread count.</para>
/// </summary>
public sealed class TorsoBackward
{
    /// <summary>Upper bound on per-chunk partial gradient buffers.</summary>
    public const int MaxChunks = 32;

    private const int MinChunkPoints = 256;

    public TorsoBackward(TorsoConfig config)
        : this(new TorsoModel(config))
    {
    }

    public TorsoBackward(TorsoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        ParameterGroups =
        [
            ("torso.grid", 0, model.GridCount, true),
            ("torso.deform", model.DeformOffset, model.DeformMlp.ParameterCount, false),
            ("torso.color", model.ColorOffset, model.ColorMlp.ParameterCount, false),
        ];
    }

    public TorsoModel Model { get; }

    /// <summary>Disjoint ranges covering every parameter: the grid table (IsGrid) and the two MLPs.</summary>
    public IReadOnlyList<(string Name, int Offset, int Count, bool IsGrid)> ParameterGroups { get; }

    /// <summary>Forward for a batch mixing frames, recording a new tape.</summary>
    /// <param name="parameters">ParameterCount floats.</param>
    /// <param name="coords">N × 2 in [−1, 1].</param>
    /// <param name="frameOfPoint">N frame indices into poses/latents.</param>
    /// <param name="poses">F × 6.</param>
    /// <param name="latents">F × LatentWidth.</param>
    /// <param name="rgb">N × 3.</param>
    /// <param name="alpha">N.</param>
    public TorsoTape Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> coords, ReadOnlySpan<int> frameOfPoint,
        ReadOnlySpan<float> poses, ReadOnlySpan<float> latents, Span<float> rgb, Span<float> alpha)
        => Forward(parameters, coords, frameOfPoint, poses, latents, rgb, alpha, new TorsoTape(Model));

    /// <summary>Like the other overload, reusing <paramref name="tape"/>'s buffers (returns it).</summary>
    public TorsoTape Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> coords, ReadOnlySpan<int> frameOfPoint,
        ReadOnlySpan<float> poses, ReadOnlySpan<float> latents, Span<float> rgb, Span<float> alpha, TorsoTape tape)
    {
        ArgumentNullException.ThrowIfNull(tape);
        if (tape.Model != Model)
            throw new ArgumentException("the tape belongs to another torso model.", nameof(tape));
        int n = coords.Length / 2;
        if (frameOfPoint.Length != n)
            throw new ArgumentException($"frameOfPoint has {frameOfPoint.Length} entries; expected {n}.", nameof(frameOfPoint));
        Model.ForwardBatch(parameters, coords, frameOfPoint, poses, latents, rgb, alpha, tape.State);
        tape.Record(parameters);
        return tape;
    }

    /// <summary>Accumulates dL/d(parameters) and dL/d(latents) for dL/d(rgb), dL/d(alpha) of the taped batch.</summary>
    /// <param name="tape">From <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>.</param>
    /// <param name="gradRgb">N × 3.</param>
    /// <param name="gradAlpha">N.</param>
    /// <param name="gradParameters">ParameterCount floats; added to.</param>
    /// <param name="gradLatents">F × LatentWidth; added to.</param>
    public void Backward(TorsoTape tape, ReadOnlySpan<float> gradRgb, ReadOnlySpan<float> gradAlpha,
        Span<float> gradParameters, Span<float> gradLatents)
        => Backward(tape, gradRgb, gradAlpha, gradParameters, gradLatents, []);

    /// <summary>
    /// Like the other overload, and when <paramref name="gradPoses"/> is not empty also dL/d(pose input) per frame
    /// (F × PoseInputWidth, <b>added</b>): through the frequency encoding for the head pose numbers, TrackScale for the
    /// track. An anchors pose input passes the first PoseWidth of a frame's row on to the anchors.
    /// </summary>
    /// <param name="gradPoses">F × PoseInputWidth; added to; empty to skip.</param>
    public void Backward(TorsoTape tape, ReadOnlySpan<float> gradRgb, ReadOnlySpan<float> gradAlpha,
        Span<float> gradParameters, Span<float> gradLatents, Span<float> gradPoses)
    {
        ArgumentNullException.ThrowIfNull(tape);
        if (tape.Model != Model)
            throw new ArgumentException("the tape belongs to another torso model.", nameof(tape));
        TorsoForwardState s = tape.State;
        int n = s.Count, frames = s.FrameCount;
        TorsoConfig c = Model.Config;
        if (gradRgb.Length != 3 * n)
            throw new ArgumentException($"gradRgb has {gradRgb.Length} floats; {n} points need {3 * n}.", nameof(gradRgb));
        if (gradAlpha.Length != n)
            throw new ArgumentException($"gradAlpha has {gradAlpha.Length} floats; expected {n}.", nameof(gradAlpha));
        if (gradParameters.Length != Model.ParameterCount)
            throw new ArgumentException($"gradParameters has {gradParameters.Length} floats; the torso has "
                + $"{Model.ParameterCount}.", nameof(gradParameters));
        if (gradLatents.Length != frames * c.LatentWidth)
            throw new ArgumentException($"gradLatents has {gradLatents.Length} floats; {frames} frames need "
                + $"{frames * c.LatentWidth}.", nameof(gradLatents));
        if (!gradPoses.IsEmpty && gradPoses.Length != frames * c.PoseInputWidth)
            throw new ArgumentException($"gradPoses has {gradPoses.Length} floats; {frames} frames need "
                + $"{frames * c.PoseInputWidth}.", nameof(gradPoses));
        tape.PrepareBackward();

        float[] p = tape.Parameters;
        var gradFrameInputs = new float[frames * c.FrameInputWidth];
        int chunks = Math.Clamp((n + MinChunkPoints - 1) / MinChunkPoints, 1, MaxChunks);
        int per = (n + chunks - 1) / chunks;

        // 1. Colour MLP: weights, frame inputs and dL/d(features).
        float[] g = new float[4 * n];
        for (int i = 0; i < n; i++)
        {
            g[4 * i] = gradRgb[3 * i];
            g[4 * i + 1] = gradRgb[3 * i + 1];
            g[4 * i + 2] = gradRgb[3 * i + 2];
            g[4 * i + 3] = gradAlpha[i];
        }
        MlpStage(Model.ColorMlp, p, Model.ColorOffset, c.Grid.OutputWidth, s.ColorTerms, s.FrameInputs, tape, chunks,
            per, (i, raw, gradRaw) =>
            {
                for (int j = 0; j < 4; j++)
                {
                    float y = TorsoModel.Sigmoid(raw[j]);
                    gradRaw[j] = g[4 * i + j] * y * (1f - y);
                }
            }, isColor: true, gradParameters, gradFrameInputs);

        // 2. Grid: table gradient and dL/d(positions).
        CpuGridEncodingBackward.Backward(Model.GridLayout, p.AsSpan(0, Model.GridCount),
            s.Positions.AsSpan(0, 2 * n), tape.FeatureGrad.AsSpan(0, n * c.Grid.OutputWidth),
            gradParameters[..Model.GridCount], tape.PositionGrad.AsSpan(0, 2 * n));

        // 3. Deformation MLP through clamp, the [−1, 1] → [0, 1] map (×0.5) and DeformScale·tanh.
        float scale = c.DeformScale;
        float[] posGrad = tape.PositionGrad;
        MlpStage(Model.DeformMlp, p, Model.DeformOffset, c.CoordEncodingWidth, s.DeformTerms, s.FrameInputs, tape,
            chunks, per, (i, raw, gradRaw) =>
            {
                for (int d = 0; d < 2; d++)
                {
                    float u = s.Coords[2 * i + d] + s.Offsets[2 * i + d];
                    float gOffset = u >= -1f && u <= 1f ? 0.5f * posGrad[2 * i + d] : 0f;
                    float t = MathF.Tanh(raw[d]);
                    gradRaw[d] = gOffset * scale * (1f - t * t);
                }
            }, isColor: false, gradParameters, gradFrameInputs);

        // 4. Latents are the tail of each frame input.
        int fw = c.FrameInputWidth, pe = c.PoseEncodingWidth, lw = c.LatentWidth;
        for (int f = 0; f < frames; f++)
        {
            Span<float> gl = gradLatents.Slice(f * lw, lw);
            TensorPrimitives.Add(gl, gradFrameInputs.AsSpan(f * fw + pe, lw), gl);
        }

        // 5. Pose inputs are the head of each frame input: the frequency-encoded head pose, then the scaled track.
        if (gradPoses.IsEmpty) return;
        int pw = c.PoseInputWidth, hw = pe - c.TrackWidth;
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<float> gIn = gradFrameInputs.AsSpan(f * fw, pe);
            Span<float> gp = gradPoses.Slice(f * pw, pw);
            FrequencyEncodingBackward.Backward(s.FrameInputs.AsSpan(f * fw, hw), c.PoseFrequencies, gIn[..hw],
                gp[..TorsoConfig.PoseWidth]);
            for (int i = 0; i < c.TrackWidth; i++)
                gp[TorsoConfig.PoseWidth + i] += c.TrackScale * gIn[hw + i];
        }
    }

    /// <summary>Computes dL/d(raw output) of point i from its recomputed raw output.</summary>
    private delegate void OutputGradient(int i, ReadOnlySpan<float> raw, Span<float> gradRaw);

    /// <summary>
    /// Backward of one split MLP over all points: recomputes each point's forward, maps the output gradient with
    /// <paramref name="outputGradient"/>, accumulates chunk partials (weights, per-frame δ_0) and reduces them in
    /// chunk order. The colour stage also writes dL/d(grid features) to the tape.
    /// </summary>
    private void MlpStage(MlpConfig mlp, float[] p, int offset, int pointWidth, float[] frameTerms,
        float[] frameInputs, TorsoTape tape, int chunks, int per, OutputGradient outputGradient, bool isColor,
        Span<float> gradParameters, float[] gradFrameInputs)
    {
        TorsoForwardState s = tape.State;
        int n = s.Count, frames = s.FrameCount, out0 = mlp.LayerOutputWidth(0), count = mlp.ParameterCount;
        var partialW = new float[chunks][];
        var partialFrames = new float[chunks][];
        float[] transposed = TorsoModel.TransposedWeights(mlp, p.AsSpan(offset, count));
        Parallel.For(0, chunks, chunk =>
        {
            var gw = new float[count];
            var fd = new float[frames * out0];
            ReadOnlySpan<float> w = p.AsSpan(offset, count);
            Span<float> x = stackalloc float[pointWidth];
            Span<float> hidden = stackalloc float[Math.Max(1, FrameSplitMlp.HiddenFloats(mlp))];
            Span<float> raw = stackalloc float[mlp.OutputWidth];
            Span<float> gradRaw = stackalloc float[mlp.OutputWidth];
            Span<float> scratch = stackalloc float[FrameSplitMlpBackward.ScratchFloats(mlp)];
            int end = Math.Min(n, (chunk + 1) * per);
            for (int i = chunk * per; i < end; i++)
            {
                int f = s.FrameOfPoint[i];
                if (isColor)
                    s.Features.AsSpan(i * pointWidth, pointWidth).CopyTo(x);
                else
                    FrequencyEncoding.Encode(s.Coords.AsSpan(2 * i, 2), Model.Config.CoordFrequencies, x);
                FrameSplitMlp.ForwardPoint(mlp, transposed, pointWidth, x, frameTerms.AsSpan(f * out0, out0), hidden, raw);
                outputGradient(i, raw, gradRaw);
                Span<float> gradX = isColor ? tape.FeatureGrad.AsSpan(i * pointWidth, pointWidth) : [];
                FrameSplitMlpBackward.BackwardPoint(mlp, w, pointWidth, x, hidden, gradRaw, gw,
                    fd.AsSpan(f * out0, out0), gradX, scratch);
            }
            partialW[chunk] = gw;
            partialFrames[chunk] = fd;
        });

        Span<float> target = gradParameters.Slice(offset, count);
        var frameDeltas = new float[frames * out0];
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            TensorPrimitives.Add(target, partialW[chunk], target);
            TensorPrimitives.Add(frameDeltas, partialFrames[chunk], frameDeltas);
        }
        FrameSplitMlpBackward.ReduceFrames(mlp, p.AsSpan(offset, count), pointWidth, frames, frameInputs, frameDeltas,
            target, gradFrameInputs);
    }
}
