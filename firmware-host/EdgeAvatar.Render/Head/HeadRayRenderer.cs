using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// Renders head rays for one frame: occupancy-pruned ray marching through the head box, the head field at every
/// sample, and front-to-back compositing. Keeps its samples and field batch after <see cref="Render"/>; a renderer
/// made with <c>keepTape: true</c> (the trainer's) also keeps the networks' hidden activations so the backward pass
/// can run over the same samples. Not thread-safe (one per render or training thread).
/// </summary>
public sealed class HeadRayRenderer
{
    private readonly RayMarcher _marcher;

    /// <param name="keepTape">Record the hidden activations of every evaluated sample (training only).</param>
    public HeadRayRenderer(HeadField field, OccupancyGrid occupancy, bool keepTape = false)
    {
        Field = field;
        Occupancy = occupancy;
        _marcher = new RayMarcher(field.Config.Marcher, occupancy);
        Batch = new HeadFieldBatch(field.Config, keepTape);
    }

    public HeadField Field { get; }

    public OccupancyGrid Occupancy { get; }

    /// <summary>The samples of the last <see cref="Render"/>.</summary>
    public RaySamples Samples { get; } = new();

    /// <summary>The field evaluated at <see cref="Samples"/> in the last <see cref="Render"/>.</summary>
    public HeadFieldBatch Batch { get; }

    /// <summary>
    /// Renders N rays: <paramref name="color"/> (N × 3, premultiplied by opacity) and <paramref name="opacity"/> (N).
    /// </summary>
    /// <param name="jitterSeed">Training only: jitters each ray's first sample by a fraction of a step.</param>
    public void Render(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> origins,
        ReadOnlySpan<float> directions, ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent,
        Span<float> color, Span<float> opacity, uint? jitterSeed = null)
    {
        _marcher.March(origins, directions, Samples, jitterSeed);
        Field.Forward(parameters, blocks, Samples.Positions, directions, Samples.RayIndex, audio, eye, latent, Batch);
        int m = Samples.SampleCount;
        VolumeCompositor.Forward(Samples, Batch.Sigma.AsSpan(0, m), Batch.Rgb.AsSpan(0, 3 * m), color, opacity, []);
    }

    /// <summary>
    /// Inference form of <see cref="Render"/> with early ray termination: the field is evaluated in rounds of
    /// <paramref name="samplesPerRound"/> samples per still-visible ray, and a ray stops once its transmittance falls
    /// below the compositor's 1e-4 cutoff — exactly where <see cref="VolumeCompositor"/> stops accumulating, so the
    /// image equals <see cref="Render"/>'s while the samples hidden behind the face are never evaluated.
    /// </summary>
    public void RenderTerminating(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> origins,
        ReadOnlySpan<float> directions, ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent,
        Span<float> color, Span<float> opacity, int samplesPerRound = 4)
    {
        _marcher.March(origins, directions, Samples);
        int n = origins.Length / 3;
        var offsets = Samples.RayOffsets;
        var positions = Samples.Positions;
        var dt = Samples.Dt;
        EnsureRound(n, samplesPerRound);
        var transmittance = _transmittance.AsSpan(0, n);
        transmittance.Fill(1f);
        color.Clear();
        opacity.Clear();
        var cursor = _cursor.AsSpan(0, n);
        for (int r = 0; r < n; r++) cursor[r] = offsets[r];
        var alive = _alive.AsSpan(0, n);
        int aliveCount = 0;
        for (int r = 0; r < n; r++) if (offsets[r + 1] > offsets[r]) alive[aliveCount++] = r;
        EvaluatedSamples = 0;
        while (aliveCount > 0)
        {
            // Gather the next samples of every live ray into one compact batch.
            int m = 0;
            for (int a = 0; a < aliveCount; a++)
            {
                int r = alive[a], end = Math.Min(offsets[r + 1], cursor[r] + samplesPerRound);
                for (int i = cursor[r]; i < end; i++, m++)
                {
                    positions.Slice(3 * i, 3).CopyTo(_roundPositions.AsSpan(3 * m, 3));
                    _roundRay[m] = r;
                    _roundSample[m] = i;
                }
            }
            Field.Forward(parameters, blocks, _roundPositions.AsSpan(0, 3 * m), directions, _roundRay.AsSpan(0, m),
                audio, eye, latent, Batch);
            EvaluatedSamples += m;
            // Composite in order; samples of one ray are contiguous in the batch.
            int k = 0, next = 0;
            for (int a = 0; a < aliveCount; a++)
            {
                int r = alive[a], end = Math.Min(offsets[r + 1], cursor[r] + samplesPerRound);
                float T = transmittance[r];
                bool done = false;
                for (int i = cursor[r]; i < end; i++, k++)
                {
                    if (done) continue;
                    float alpha = 1f - MathF.Exp(-Batch.Sigma[k] * dt[i]);
                    float w = T * alpha;
                    color[3 * r] += w * Batch.Rgb[3 * k];
                    color[3 * r + 1] += w * Batch.Rgb[3 * k + 1];
                    color[3 * r + 2] += w * Batch.Rgb[3 * k + 2];
                    opacity[r] += w;
                    T *= 1f - alpha;
                    if (T < VolumeCompositor.DefaultTransmittanceThreshold) done = true;
                }
                transmittance[r] = T;
                cursor[r] = end;
                if (!done && end < offsets[r + 1]) alive[next++] = r;
            }
            aliveCount = next;
        }
    }

    /// <summary>Field evaluations of the last <see cref="RenderTerminating"/> call.</summary>
    public int EvaluatedSamples { get; private set; }

    private float[] _transmittance = [], _roundPositions = [];
    private int[] _cursor = [], _alive = [], _roundRay = [], _roundSample = [];

    private void EnsureRound(int rays, int perRound)
    {
        if (_transmittance.Length < rays)
        {
            _transmittance = new float[rays]; _cursor = new int[rays]; _alive = new int[rays];
        }
        int m = rays * perRound;
        if (_roundRay.Length < m)
        {
            _roundPositions = new float[3 * m]; _roundRay = new int[m]; _roundSample = new int[m];
        }
    }
}
