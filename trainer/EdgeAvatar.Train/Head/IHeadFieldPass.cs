using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Train.Head;

/// <summary>
/// The head field's share of one training step, on the host (<see cref="CpuHeadFieldPass"/>) or on Vulkan
/// (<see cref="Vulkan.VulkanHeadFieldPass"/>): march the rays, evaluate the field, composite; then back from
/// dL/d(colour) and dL/d(opacity) to the parameters. Both add RAD-NeRF's ambient regulariser (L1 on the audio
/// coordinate and gate of samples outside the face box) in the backward pass.
/// </summary>
public interface IHeadFieldPass
{
    /// <summary>The samples of the last <see cref="Render"/>.</summary>
    RaySamples Samples { get; }

    /// <summary>Renders N rays: colour (N × 3, premultiplied) and opacity (N); keeps what the backward needs.</summary>
    void Render(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> origins,
        ReadOnlySpan<float> directions, ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent,
        Span<float> color, Span<float> opacity, uint jitterSeed);

    /// <summary>
    /// Backward of the last <see cref="Render"/> with unchanged parameters. Parameter gradients are ADDED into
    /// <paramref name="gradients"/> (a GPU pass keeps the grids' own on the device: see its type), the audio code's
    /// into <paramref name="gradAudio"/>, the latent's into <paramref name="gradLatent"/>.
    /// </summary>
    /// <param name="regions">Per ray: where its pixel lies (the audio path's regularisers, see AmbientRegulariser).</param>
    /// <param name="attentionWeight">An ernerf head's outside-face audio-attention penalty (ErNerf/AttentionRegulariser);
    /// ignored by other heads.</param>
    void Backward(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> gradColor,
        ReadOnlySpan<float> gradOpacity, ReadOnlySpan<RayRegion> regions, float ambientWeight, float lipsGateWeight, Span<float> gradients,
        Span<float> gradAudio, Span<float> gradLatent, float attentionWeight = 0f);
}
