using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// Renders head rays for one frame: occupancy-pruned ray marching through the head box, the head field at every
/// sample, and front-to-back compositing. Keeps its samples and field batch after <see cref="Render"/> so the trainer
/// can run the backward pass over the same samples. Not thread-safe (one per render or training thread).
/// </summary>
public sealed class HeadRayRenderer
{
    private readonly RayMarcher _marcher;

    public HeadRayRenderer(HeadField field, OccupancyGrid occupancy)
    {
        Field = field;
        Occupancy = occupancy;
        _marcher = new RayMarcher(field.Config.Marcher, occupancy);
        Batch = new HeadFieldBatch(field.Config);
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
}
