using EdgeAvatar.Render.Networks;

namespace EdgeAvatar.Render.Torso;

/// <summary>
/// Everything a torso forward computed that its backward needs (or that a caller may inspect, e.g. offsets for a
/// regulariser). Buffers grow and are reused across calls; only the first <see cref="Count"/> points and
/// <see cref="FrameCount"/> frames are meaningful. Shapes (N = Count, F = FrameCount):
/// Coords N×2 ([−1, 1]); FrameOfPoint N; FrameInputs F×FrameInputWidth ([pose encoding, latent]);
/// DeformTerms F×(deformation layer-0 width); ColorTerms F×(colour layer-0 width); Offsets N×2 (coordinate units,
/// before clamping); Positions N×2 (grid space [0, 1], after clamping); Features N×(grid output width).
/// </summary>
public sealed class TorsoForwardState
{
    public int Count { get; private set; }

    public int FrameCount { get; private set; }

    public float[] Coords { get; private set; } = [];

    public int[] FrameOfPoint { get; private set; } = [];

    public float[] FrameInputs { get; private set; } = [];

    public float[] DeformTerms { get; private set; } = [];

    public float[] ColorTerms { get; private set; } = [];

    public float[] Offsets { get; private set; } = [];

    public float[] Positions { get; private set; } = [];

    public float[] Features { get; private set; } = [];

    /// <summary>The deformation MLP's weights as the CPU kernel reads them (loaded by each forward).</summary>
    public CpuMlpWeights DeformWeights { get; } = new();

    /// <summary>The colour MLP's weights likewise.</summary>
    public CpuMlpWeights ColorWeights { get; } = new();

    /// <summary>Sizes the buffers for <paramref name="n"/> points and <paramref name="frames"/> frames.</summary>
    public void Prepare(TorsoModel model, int n, int frames)
    {
        ArgumentNullException.ThrowIfNull(model);
        TorsoConfig c = model.Config;
        Count = n;
        FrameCount = frames;
        Coords = Grow(Coords, 2L * n);
        FrameOfPoint = n <= FrameOfPoint.Length ? FrameOfPoint : new int[n];
        FrameInputs = Grow(FrameInputs, (long)frames * c.FrameInputWidth);
        DeformTerms = Grow(DeformTerms, (long)frames * model.DeformMlp.LayerOutputWidth(0));
        ColorTerms = Grow(ColorTerms, (long)frames * model.ColorMlp.LayerOutputWidth(0));
        Offsets = Grow(Offsets, 2L * n);
        Positions = Grow(Positions, 2L * n);
        Features = Grow(Features, (long)n * c.Grid.OutputWidth);
    }

    private static float[] Grow(float[] buffer, long floats) => floats <= buffer.Length ? buffer : new float[floats];
}
