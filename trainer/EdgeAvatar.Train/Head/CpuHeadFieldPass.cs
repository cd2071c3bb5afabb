using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.ErNerf;
using EdgeAvatar.Train.Kernels.Rendering;

namespace EdgeAvatar.Train.Head;

/// <summary>
/// The head pass on the host: <see cref="HeadRayRenderer"/> forward, <see cref="VolumeCompositorBackward.Backward"/> and
/// <see cref="HeadFieldBackward"/> — the reference the Vulkan pass is tested against. Bit-for-bit deterministic.
/// </summary>
public sealed class CpuHeadFieldPass : IHeadFieldPass
{
    private readonly HeadRayRenderer _renderer;
    private readonly HeadFieldBackward _backward;
    private float[] _gSigma = [], _gRgb = [], _gCoord = [], _gGate = [], _gNorm = [];

    public CpuHeadFieldPass(HeadField field, OccupancyGrid occupancy)
    {
        _renderer = new HeadRayRenderer(field, occupancy, keepTape: true);
        _backward = new HeadFieldBackward(field);
    }

    public RaySamples Samples => _renderer.Samples;

    public void Render(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> origins,
        ReadOnlySpan<float> directions, ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent,
        Span<float> color, Span<float> opacity, uint jitterSeed)
        => _renderer.Render(parameters, blocks, origins, directions, audio, eye, latent, color, opacity, jitterSeed);

    public void Backward(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> gradColor,
        ReadOnlySpan<float> gradOpacity, ReadOnlySpan<RayRegion> regions, float ambientWeight, float lipsGateWeight, Span<float> gradients,
        Span<float> gradAudio, Span<float> gradLatent, float attentionWeight = 0f)
    {
        var samples = _renderer.Samples;
        var batch = _renderer.Batch;
        int m = samples.SampleCount;
        if (_gSigma.Length < m)
        {
            _gSigma = new float[m * 3 / 2 + 16]; _gRgb = new float[3 * _gSigma.Length];
            _gCoord = new float[2 * _gSigma.Length]; _gGate = new float[_gSigma.Length];
        }
        VolumeCompositorBackward.Backward(samples, batch.Sigma.AsSpan(0, m), batch.Rgb.AsSpan(0, 3 * m), gradColor,
            gradOpacity, [], _gSigma.AsSpan(0, m), _gRgb.AsSpan(0, 3 * m));

        // Ambient L1 (RAD-NeRF): outside the face the audio coordinate should stay at the centre and the audio gate
        // closed, so speech only moves the face; in the lips box the gate is pulled open (AmbientRegulariser).
        // An r2talker head has no ambient coordinate or gate to regularise, and neither has an ernerf head: its
        // region attention replaces both, so the ambient L1 and the lips-box gate pull are skipped for it (ER-NeRF's
        // counterpart, a penalty on the attention outside the face, follows).
        var gCoord = blocks.HasAmbient ? _gCoord.AsSpan(0, 2 * m) : [];
        var gGate = blocks.Config.AudioGate ? _gGate.AsSpan(0, m) : [];
        if (blocks.HasAmbient)
        {
            var (coordReg, gateReg, lipsGateReg) = AmbientRegulariser.Weights(samples, regions, ambientWeight, lipsGateWeight);
            AmbientRegulariser.Gradients(samples.RayIndex, regions, batch.AmbientCoord.AsSpan(0, 2 * m), coordReg, gateReg,
                lipsGateReg, gCoord, gGate);
        }
        // ernerf: ER-NeRF's counterpart, the audio attention's norm pulled to zero outside the face.
        var gNorm = ReadOnlySpan<float>.Empty;
        if (blocks.Config.IsErNerf && attentionWeight > 0)
        {
            if (_gNorm.Length < m) _gNorm = new float[_gSigma.Length];
            AttentionRegulariser.Gradients(samples.RayIndex, regions, attentionWeight, _gNorm.AsSpan(0, m));
            gNorm = _gNorm.AsSpan(0, m);
        }
        _backward.Backward(parameters, blocks, batch, _gSigma.AsSpan(0, m), _gRgb.AsSpan(0, 3 * m), gCoord, gGate,
            gradients, gradAudio, gradLatent, gNorm);
    }
}
