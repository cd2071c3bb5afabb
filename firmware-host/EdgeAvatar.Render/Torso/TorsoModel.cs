using System.Collections.Concurrent;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Render.Networks;

namespace EdgeAvatar.Render.Torso;

/// <summary>
/// The deformable torso's forward pass (see <see cref="TorsoConfig"/> for the maths and parameter layout). The one
/// implementation of that maths: rendering calls <see cref="Forward"/>, the trainer calls <see cref="ForwardBatch"/>
/// with a <see cref="TorsoForwardState"/> it keeps for the backward pass, so both compute identical values.
/// Thread-safe (no mutable state besides a pool of scratch states); parallel inside over chunks of points.
/// </summary>
public sealed class TorsoModel
{
    /// <summary>Points per Parallel.For work item.</summary>
    public const int ChunkPoints = 256;

    private readonly ConcurrentBag<TorsoForwardState> _scratch = [];
    private readonly FastCpuGridEncoding _grid;

    public TorsoModel(TorsoConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.EnsureValid();
        GridLayout = new GridEncodingLayout(config.Grid);
        _grid = new FastCpuGridEncoding(GridLayout);
        DeformMlp = config.DeformMlp;
        ColorMlp = config.ColorMlp;
        GridCount = (int)GridLayout.TableFloats;
        DeformOffset = GridCount;
        ColorOffset = DeformOffset + DeformMlp.ParameterCount;
        ParameterCount = ColorOffset + ColorMlp.ParameterCount;
    }

    public TorsoConfig Config { get; }

    public GridEncodingLayout GridLayout { get; }

    public MlpConfig DeformMlp { get; }

    public MlpConfig ColorMlp { get; }

    /// <summary>The grid table occupies parameters [0, GridCount).</summary>
    public int GridCount { get; }

    public int DeformOffset { get; }

    public int ColorOffset { get; }

    public int ParameterCount { get; }

    /// <summary>Renders the torso for one frame.</summary>
    /// <param name="parameters"><see cref="ParameterCount"/> floats.</param>
    /// <param name="coords">N × 2 pixel coordinates in [−1, 1]: x right, y down, x = 2·(px + 0.5)/W − 1.</param>
    /// <param name="pose">PoseInputWidth floats: the 6 head pose numbers (axis-angle rotation and translation, or the
    /// anchors' image positions for an anchors pose input; <c>AvatarModel.TorsoPose</c> builds them), then the torso track.</param>
    /// <param name="latent">LatentWidth floats: this frame's torso latent.</param>
    /// <param name="rgb">N × 3, in (0, 1).</param>
    /// <param name="alpha">N, in (0, 1).</param>
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> coords, ReadOnlySpan<float> pose,
        ReadOnlySpan<float> latent, Span<float> rgb, Span<float> alpha)
    {
        if (pose.Length != Config.PoseInputWidth)
            throw new ArgumentException($"pose has {pose.Length} floats; expected {Config.PoseInputWidth}.", nameof(pose));
        if (!_scratch.TryTake(out TorsoForwardState? state))
            state = new TorsoForwardState();
        try
        {
            ForwardBatch(parameters, coords, [], pose, latent, rgb, alpha, state);
        }
        finally
        {
            _scratch.Add(state);
        }
    }

    /// <summary>
    /// Forward for points from F frames: point i uses poses[frameOfPoint[i]] and latents[frameOfPoint[i]]
    /// (an empty <paramref name="frameOfPoint"/> means every point is frame 0). Leaves the intermediates in
    /// <paramref name="state"/>.
    /// </summary>
    /// <param name="poses">F × PoseInputWidth.</param>
    /// <param name="latents">F × LatentWidth.</param>
    public unsafe void ForwardBatch(ReadOnlySpan<float> parameters, ReadOnlySpan<float> coords,
        ReadOnlySpan<int> frameOfPoint, ReadOnlySpan<float> poses, ReadOnlySpan<float> latents, Span<float> rgb,
        Span<float> alpha, TorsoForwardState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        (int n, int frames) = CheckBatch(parameters, coords, frameOfPoint, poses, latents, rgb.Length, alpha.Length);
        state.Prepare(this, n, frames);
        coords.CopyTo(state.Coords);
        if (frameOfPoint.IsEmpty)
            Array.Clear(state.FrameOfPoint, 0, n);
        else
            frameOfPoint.CopyTo(state.FrameOfPoint);
        PrepareFrames(parameters, poses, latents, state);

        state.DeformWeights.Load(DeformMlp, parameters.Slice(DeformOffset, DeformMlp.ParameterCount));
        state.ColorWeights.Load(ColorMlp, parameters.Slice(ColorOffset, ColorMlp.ParameterCount));
        int chunks = (n + ChunkPoints - 1) / ChunkPoints;
        fixed (float* gridPtr = parameters)
        fixed (float* rgbPtr = rgb)
        fixed (float* alphaPtr = alpha)
        {
            nint gp = (nint)gridPtr, rp = (nint)rgbPtr, ap = (nint)alphaPtr;
            // Deformation, grid and colour per chunk on one thread: a chunk's positions and features stay in cache.
            Parallel.For(0, chunks, chunk =>
            {
                DeformChunk(chunk, n, state);
                int start = chunk * ChunkPoints, count = Math.Min(n, start + ChunkPoints) - start, gw = Config.Grid.OutputWidth;
                _grid.Encode(new ReadOnlySpan<float>((float*)gp, GridCount), state.Positions.AsSpan(2 * start, 2 * count),
                    state.Features.AsSpan(start * gw, count * gw));
                ColorChunk(chunk, n, state, (float*)rp, (float*)ap);
            });
        }
    }

    /// <summary>Validates a batch; returns (N, F). Shared with the trainer so both reject the same inputs.</summary>
    public (int N, int Frames) CheckBatch(ReadOnlySpan<float> parameters, ReadOnlySpan<float> coords,
        ReadOnlySpan<int> frameOfPoint, ReadOnlySpan<float> poses, ReadOnlySpan<float> latents, int rgbFloats,
        int alphaFloats)
    {
        CheckParameters(parameters.Length, nameof(parameters));
        if (coords.Length % 2 != 0)
            throw new ArgumentException($"coords has {coords.Length} floats, not N × 2.", nameof(coords));
        int n = coords.Length / 2;
        int pw = Config.PoseInputWidth;
        if (poses.Length == 0 || poses.Length % pw != 0)
            throw new ArgumentException($"poses has {poses.Length} floats, not F × {pw} with F ≥ 1.", nameof(poses));
        int frames = poses.Length / pw;
        if (latents.Length != frames * Config.LatentWidth)
            throw new ArgumentException($"latents has {latents.Length} floats; {frames} frames need "
                + $"{frames * Config.LatentWidth}.", nameof(latents));
        if (!frameOfPoint.IsEmpty && frameOfPoint.Length != n)
            throw new ArgumentException($"frameOfPoint has {frameOfPoint.Length} entries; expected {n}.", nameof(frameOfPoint));
        foreach (int f in frameOfPoint)
            if ((uint)f >= (uint)frames)
                throw new ArgumentOutOfRangeException(nameof(frameOfPoint), $"frame index {f} is outside [0, {frames}).");
        if (rgbFloats != 3 * n)
            throw new ArgumentException($"rgb has {rgbFloats} floats; {n} points need {3 * n}.", "rgb");
        if (alphaFloats != n)
            throw new ArgumentException($"alpha has {alphaFloats} floats; expected {n}.", "alpha");
        return (n, frames);
    }

    /// <summary>Per-frame inputs [pose encoding, latent] and both MLPs' first-layer frame terms.</summary>
    private void PrepareFrames(ReadOnlySpan<float> parameters, ReadOnlySpan<float> poses, ReadOnlySpan<float> latents,
        TorsoForwardState state)
    {
        int fw = Config.FrameInputWidth, pe = Config.PoseEncodingWidth, lw = Config.LatentWidth;
        int d0 = DeformMlp.LayerOutputWidth(0), c0 = ColorMlp.LayerOutputWidth(0);
        ReadOnlySpan<float> dw = parameters.Slice(DeformOffset, DeformMlp.ParameterCount);
        ReadOnlySpan<float> cw = parameters.Slice(ColorOffset, ColorMlp.ParameterCount);
        for (int f = 0; f < state.FrameCount; f++)
        {
            Span<float> input = state.FrameInputs.AsSpan(f * fw, fw);
            EncodePose(poses.Slice(f * Config.PoseInputWidth, Config.PoseInputWidth), input[..pe]);
            latents.Slice(f * lw, lw).CopyTo(input[pe..]);
            FrameSplitMlp.FrameTerm(DeformMlp, dw, Config.CoordEncodingWidth, input, state.DeformTerms.AsSpan(f * d0, d0));
            FrameSplitMlp.FrameTerm(ColorMlp, cw, Config.Grid.OutputWidth, input, state.ColorTerms.AsSpan(f * c0, c0));
        }
    }

    /// <summary>
    /// The pose encoding of one frame (PoseEncodingWidth floats): the head pose frequency-encoded, then the torso
    /// track times TrackScale. The one place that builds it, for the CPU forward and the Vulkan frame input alike.
    /// </summary>
    public void EncodePose(ReadOnlySpan<float> pose, Span<float> encoded)
    {
        int headWidth = Config.PoseEncodingWidth - Config.TrackWidth;
        FrequencyEncoding.Encode(pose[..TorsoConfig.PoseWidth], Config.PoseFrequencies, encoded[..headWidth]);
        for (int i = 0; i < Config.TrackWidth; i++)
            encoded[headWidth + i] = Config.TrackScale * pose[TorsoConfig.PoseWidth + i];
    }

    /// <summary>The per-point weight layout of <see cref="FrameSplitMlp.ForwardPoint"/>.</summary>
    public static float[] TransposedWeights(MlpConfig mlp, ReadOnlySpan<float> weights)
    {
        var t = new float[mlp.ParameterCount];
        FrameSplitMlp.Transpose(mlp, weights, t);
        return t;
    }

    /// <summary>Offsets and clamped grid positions for one chunk of points.</summary>
    private void DeformChunk(int chunk, int n, TorsoForwardState s)
    {
        int ew = Config.CoordEncodingWidth, d0 = DeformMlp.LayerOutputWidth(0);
        Span<float> enc = stackalloc float[ew];
        CpuMlpWeights weights = s.DeformWeights;
        Span<float> a = stackalloc float[weights.MaxPaddedWidth];
        Span<float> b = stackalloc float[weights.MaxPaddedWidth];
        Span<float> term = stackalloc float[CpuMlpWeights.PaddedWidth(d0)];
        int termFrame = -1;
        Span<float> raw = stackalloc float[2];
        float scale = Config.DeformScale;
        int end = Math.Min(n, (chunk + 1) * ChunkPoints);
        for (int i = chunk * ChunkPoints; i < end; i++)
        {
            ReadOnlySpan<float> xy = s.Coords.AsSpan(2 * i, 2);
            FrequencyEncoding.Encode(xy, Config.CoordFrequencies, enc);
            if (s.FrameOfPoint[i] != termFrame)
            {
                termFrame = s.FrameOfPoint[i];
                s.DeformTerms.AsSpan(termFrame * d0, d0).CopyTo(term);
            }
            FrameSplitMlp.ForwardPoint(weights, ew, enc, term, a, b, raw);
            for (int d = 0; d < 2; d++)
            {
                float offset = scale * MathF.Tanh(raw[d]);
                s.Offsets[2 * i + d] = offset;
                s.Positions[2 * i + d] = DeformedToGrid(xy[d], offset);
            }
        }
    }

    /// <summary>clamp(coord + offset, −1, 1) mapped from [−1, 1] to the grid's [0, 1].</summary>
    public static float DeformedToGrid(float coord, float offset) => (Math.Clamp(coord + offset, -1f, 1f) + 1f) * 0.5f;

    private unsafe void ColorChunk(int chunk, int n, TorsoForwardState s, float* rgb, float* alpha)
    {
        int gw = Config.Grid.OutputWidth, c0 = ColorMlp.LayerOutputWidth(0);
        CpuMlpWeights weights = s.ColorWeights;
        Span<float> a = stackalloc float[weights.MaxPaddedWidth];
        Span<float> b = stackalloc float[weights.MaxPaddedWidth];
        Span<float> term = stackalloc float[CpuMlpWeights.PaddedWidth(c0)];
        int termFrame = -1;
        Span<float> raw = stackalloc float[4];
        int end = Math.Min(n, (chunk + 1) * ChunkPoints);
        for (int i = chunk * ChunkPoints; i < end; i++)
        {
            if (s.FrameOfPoint[i] != termFrame)
            {
                termFrame = s.FrameOfPoint[i];
                s.ColorTerms.AsSpan(termFrame * c0, c0).CopyTo(term);
            }
            FrameSplitMlp.ForwardPoint(weights, gw, s.Features.AsSpan(i * gw, gw), term, a, b, raw);
            rgb[3 * i] = Sigmoid(raw[0]);
            rgb[3 * i + 1] = Sigmoid(raw[1]);
            rgb[3 * i + 2] = Sigmoid(raw[2]);
            alpha[i] = Sigmoid(raw[3]);
        }
    }

    /// <summary>The output activation; the trainer uses this same function so its outputs match bit for bit.</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private void CheckParameters(int length, string name)
    {
        if (length != ParameterCount)
            throw new ArgumentException($"{name} has {length} floats; the torso has {ParameterCount}.", name);
    }
}
