using EdgeAvatar.Compute;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// The per-chunk intermediates of <see cref="VulkanHeadField"/> (C samples each). The renderer shares one "wide"
/// buffer between the three MLP inputs (each is dead once its MLP ran); the trainer keeps them apart
/// (<paramref name="separateInputs"/>) because the backward kernels recompute each MLP from its own input.
/// An r2talker or ernerf head has no ambient stage: its ambient buffers are placeholders of one float, never
/// dispatched over; likewise the attention buffers (<see cref="Alpha"/>, <see cref="EyeLogit"/>) of a head that is
/// not ernerf.
/// </summary>
public sealed class HeadChunkBuffers : IDisposable
{
    public HeadChunkBuffers(ComputeDevice device, HeadModelConfig c, long chunk, bool separateInputs)
    {
        int s = c.SpatialWidth, q = c.AmbientGrid.OutputWidth;
        // Floats per sample of the ambient stage's buffers: none for r2talker and ernerf (GpuBuffers.Floats makes one float).
        int ambient = c.IsR2Talker || c.IsErNerf ? 0 : 1, attention = c.IsErNerf ? 1 : 0;
        var made = new List<GpuBuffer>();
        GpuBuffer Add(long floats, string name) { var b = GpuBuffers.Floats(device, chunk * floats, name); made.Add(b); return b; }
        try
        {
            Unit = Add(3, "head.unit");
            Spatial = Add(s, "head.spatial");
            if (separateInputs)
            {
                AmbientIn = Add(ambient * c.AmbientMlp.InputWidth, "head.ambient_in");
                SigmaIn = Add(c.SigmaMlp.InputWidth, "head.sigma_in");
                ColorIn = Add(c.ColorMlp.InputWidth, "head.color_in");
            }
            else
            {
                AmbientIn = SigmaIn = ColorIn = Add(WideFloats(c), "head.mlp_input");
            }
            AmbientOut = Add(ambient * c.AmbientOutputs, "head.ambient_out");
            Coord = Add(ambient * 2, "head.ambient_coord");
            Ambient = Add(ambient * q, "head.ambient");
            Alpha = Add(attention * c.AudioWidth, "head.audio_attention");
            EyeLogit = Add(attention, "head.eye_logit");
            SigmaOut = Add(c.SigmaMlp.OutputWidth, "head.sigma_out");
            ColorOut = Add(3, "head.color_out");
        }
        catch
        {
            foreach (GpuBuffer b in made) b.Dispose();
            throw;
        }
        _owned = made;
    }

    private readonly List<GpuBuffer> _owned;

    /// <summary>Floats per sample of the widest MLP input row the head runs (the shared input buffer's width).</summary>
    public static int WideFloats(HeadModelConfig c)
        => Math.Max(c.IsR2Talker || c.IsErNerf ? 0 : c.AmbientMlp.InputWidth, Math.Max(c.SigmaMlp.InputWidth, c.ColorMlp.InputWidth));

    public GpuBuffer Unit { get; }
    public GpuBuffer Spatial { get; }
    public GpuBuffer AmbientIn { get; }
    public GpuBuffer AmbientOut { get; }
    public GpuBuffer Coord { get; }
    public GpuBuffer Ambient { get; }
    /// <summary>ernerf: the audio attention α (C × A).</summary>
    public GpuBuffer Alpha { get; }
    /// <summary>ernerf: the eye attention's logit (C × 1).</summary>
    public GpuBuffer EyeLogit { get; }
    public GpuBuffer SigmaIn { get; }
    public GpuBuffer SigmaOut { get; }
    public GpuBuffer ColorIn { get; }
    public GpuBuffer ColorOut { get; }

    public void Dispose()
    {
        foreach (GpuBuffer b in _owned) b.Dispose();
    }
}
