namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Packed ray samples: the batch the trainer and renderer feed to the networks. Reused between calls (arrays grow,
/// never shrink), so the arrays may be longer than the live counts: use the span accessors.
/// <para>Invariants after <see cref="RayMarcher.March"/>: samples are grouped by ray in ray order and by increasing
/// t within a ray; ray r owns samples [RayOffsets[r], RayOffsets[r+1]); RayOffsets[0] = 0 and
/// RayOffsets[RayCount] = SampleCount; RayIndex[s] is the owning ray of sample s; every Dt equals the step.</para>
/// </summary>
public sealed class RaySamples
{
    private int[] _rayOffsets = [0];
    private int[] _rayIndex = [];
    private float[] _positions = [];
    private float[] _t = [];
    private float[] _dt = [];
    private float[] _start = [];

    /// <summary>Rays in the batch.</summary>
    public int RayCount { get; private set; }
    /// <summary>Samples over all rays.</summary>
    public int SampleCount { get; private set; }

    /// <summary>RayCount + 1 prefix offsets.</summary>
    public ReadOnlySpan<int> RayOffsets => _rayOffsets.AsSpan(0, RayCount + 1);
    /// <summary>Owning ray per sample.</summary>
    public ReadOnlySpan<int> RayIndex => _rayIndex.AsSpan(0, SampleCount);
    /// <summary>World positions, SampleCount × 3.</summary>
    public ReadOnlySpan<float> Positions => _positions.AsSpan(0, 3 * SampleCount);
    /// <summary>Distance from the ray origin (unit directions: world units).</summary>
    public ReadOnlySpan<float> T => _t.AsSpan(0, SampleCount);
    /// <summary>Segment length used for alpha = 1 − exp(−σ·dt).</summary>
    public ReadOnlySpan<float> Dt => _dt.AsSpan(0, SampleCount);

    /// <summary>Number of samples of ray r.</summary>
    public int CountOf(int r) => _rayOffsets[r + 1] - _rayOffsets[r];

    // Internal raw access for the marcher (writes) and compositor (parallel reads without pinning).
    internal int[] OffsetsArray => _rayOffsets;
    internal int[] RayIndexArray => _rayIndex;
    internal float[] PositionsArray => _positions;
    internal float[] TArray => _t;
    internal float[] DtArray => _dt;

    // Per-ray scratch of the marcher (t of the first sample found by its counting pass).
    internal float[] StartScratch(int rays)
    {
        if (_start.Length < rays) _start = new float[rays];
        return _start;
    }

    internal void ResizeRays(int rays)
    {
        if (_rayOffsets.Length < rays + 1) _rayOffsets = new int[rays + 1];
        RayCount = rays;
        SampleCount = 0;
    }

    internal void ResizeSamples(int samples)
    {
        if (_t.Length < samples)
        {
            int cap = Math.Max(samples, _t.Length + _t.Length / 2);
            _rayIndex = new int[cap]; _positions = new float[3 * cap]; _t = new float[cap]; _dt = new float[cap];
        }
        SampleCount = samples;
    }
}
