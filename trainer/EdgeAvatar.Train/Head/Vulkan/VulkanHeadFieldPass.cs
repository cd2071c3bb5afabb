using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.Kernels.Rendering;

namespace EdgeAvatar.Train.Head.Vulkan;

/// <summary>
/// The head pass with the field on Vulkan: rays are marched on the host through the occupancy bitfield (cheap,
/// data-dependent), the field's forward and backward run on the device (<see cref="VulkanHeadFieldTrainer"/>), and
/// the per-ray compositing (M samples, a few ms) stays on the host, shared with the C# pass. The grids' gradients
/// stay on the device: the caller steps them with <see cref="VulkanHeadFieldTrainer.StepGrids"/>.
/// </summary>
public sealed class VulkanHeadFieldPass : IHeadFieldPass
{
    private readonly RayMarcher _marcher;
    private float[] _sigma = [], _rgb = [], _gSigma = [], _gRgb = [];

    public VulkanHeadFieldPass(VulkanHeadFieldTrainer field, OccupancyGrid occupancy)
    {
        Field = field;
        _marcher = new RayMarcher(field.Config.Marcher, occupancy);
    }

    public VulkanHeadFieldTrainer Field { get; }

    public RaySamples Samples { get; } = new();

    public void Render(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> origins,
        ReadOnlySpan<float> directions, ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent,
        Span<float> color, Span<float> opacity, uint jitterSeed)
    {
        _marcher.March(origins, directions, Samples, jitterSeed);
        int m = Samples.SampleCount;
        if (_sigma.Length < m)
        {
            int cap = m * 3 / 2 + 16;
            _sigma = new float[cap]; _rgb = new float[3 * cap]; _gSigma = new float[cap]; _gRgb = new float[3 * cap];
        }
        Field.Forward(Samples.Positions, Samples.RayIndex, directions, audio, eye, latent, _sigma.AsSpan(0, m), _rgb.AsSpan(0, 3 * m));
        VolumeCompositor.Forward(Samples, _sigma.AsSpan(0, m), _rgb.AsSpan(0, 3 * m), color, opacity, []);
    }

    public void Backward(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> gradColor,
        ReadOnlySpan<float> gradOpacity, ReadOnlySpan<RayRegion> regions, float ambientWeight, float lipsGateWeight, Span<float> gradients,
        Span<float> gradAudio, Span<float> gradLatent, float attentionWeight = 0f)
    {
        int m = Samples.SampleCount;
        VolumeCompositorBackward.Backward(Samples, _sigma.AsSpan(0, m), _rgb.AsSpan(0, 3 * m), gradColor, gradOpacity, [],
            _gSigma.AsSpan(0, m), _gRgb.AsSpan(0, 3 * m));
        if (blocks.Config.IsErNerf)
        {
            // ER-NeRF's penalty on ‖α‖ outside the face replaces the ambient regulariser, as in the C# pass.
            float attentionReg = ErNerf.AttentionRegulariser.SampleWeight(Samples.RayIndex, regions, attentionWeight);
            Field.Backward(_gSigma.AsSpan(0, m), _gRgb.AsSpan(0, 3 * m), regions, 0f, 0f, 0f, gradients, gradAudio, gradLatent, attentionReg);
            return;
        }
        var (coordReg, gateReg, lipsGateReg) = AmbientRegulariser.Weights(Samples, regions, ambientWeight, lipsGateWeight);
        bool gated = blocks.Config.AudioGate;
        Field.Backward(_gSigma.AsSpan(0, m), _gRgb.AsSpan(0, 3 * m), regions, coordReg,
            gated ? gateReg : 0f, gated ? lipsGateReg : 0f, gradients, gradAudio, gradLatent);
    }
}
