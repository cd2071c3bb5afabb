using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Train.Head;

/// <summary>
/// The audio path's regularisers, one definition for the host and GPU passes:
/// <list type="bullet">
/// <item>RAD-NeRF's ambient L1, L = w / (2·K) · Σ over the K samples of rays outside the face box of
/// (|tanh u0| + |tanh u1| + 2γ): gradient coordReg · sign(tanh u) per coordinate and gateReg per gate.</item>
/// <item>The lips gate pull, L = w_lips / K_lips · Σ over the K_lips samples of rays in the lips box of (1 − γ):
/// gradient −lipsGateReg per gate. Without it the gate (a sigmoid) shut everywhere early in training — the
/// audio's first, untrained effect on density is noise the photometric loss removes most cheaply by closing
/// the gate — and, saturated, never reopened: in every model trained before the pull the gate was shut at every
/// sample in the mouth and the lips ignored the audio (docs/results/2026-11-26-lips-diagnosis-71s.md). The pull keeps the mouth's gate open so the sigma MLP can learn to use the code
/// (which the mouth probe keeps informative).</item>
/// </list>
/// </summary>
public static class AmbientRegulariser
{
    /// <returns>(coordReg, gateReg, lipsGateReg); zeros where no sample lies in the region or the weight is 0.</returns>
    public static (float CoordReg, float GateReg, float LipsGateReg) Weights(RaySamples samples, ReadOnlySpan<RayRegion> regions,
        float weight, float lipsGateWeight)
    {
        var rayIndex = samples.RayIndex;
        int outside = 0, lips = 0;
        for (int i = 0; i < samples.SampleCount; i++)
        {
            var region = regions[rayIndex[i]];
            if (region == RayRegion.OutsideFace) outside++;
            else if (region == RayRegion.Lips) lips++;
        }
        float k = weight > 0 && outside > 0 ? weight / (2f * outside) : 0f;
        float l = lipsGateWeight > 0 && lips > 0 ? lipsGateWeight / lips : 0f;
        return (k, 2f * k, l);
    }

    /// <summary>
    /// The per-sample gradients with the weights from <see cref="Weights"/>: on samples of outside-face rays
    /// dL/d(coordinate) = coordReg · sign(2c − 1) (d|tanh u|/d(tanh u) with c = (tanh u + 1)/2) and dL/dγ = gateReg;
    /// on samples of lips-box rays dL/dγ = −lipsGateReg; zero elsewhere. The C# pass's terms, and the specification
    /// the GPU pass's shaders are tested against.
    /// </summary>
    /// <param name="rayIndex">M owning rays.</param>
    /// <param name="coord">M × 2 audio coordinates in [0, 1].</param>
    /// <param name="gradCoord">M × 2, overwritten.</param>
    /// <param name="gradGate">M, overwritten; empty for an ungated head.</param>
    public static void Gradients(ReadOnlySpan<int> rayIndex, ReadOnlySpan<RayRegion> regions, ReadOnlySpan<float> coord,
        float coordReg, float gateReg, float lipsGateReg, Span<float> gradCoord, Span<float> gradGate)
    {
        gradCoord.Clear();
        gradGate.Clear();
        if (coordReg == 0 && (lipsGateReg == 0 || gradGate.IsEmpty)) return;
        for (int i = 0; i < rayIndex.Length; i++)
        {
            var region = regions[rayIndex[i]];
            if (region == RayRegion.OutsideFace)
            {
                gradCoord[2 * i] = coordReg * MathF.Sign(2f * coord[2 * i] - 1f);
                gradCoord[2 * i + 1] = coordReg * MathF.Sign(2f * coord[2 * i + 1] - 1f);
                if (!gradGate.IsEmpty) gradGate[i] = gateReg;
            }
            else if (region == RayRegion.Lips && !gradGate.IsEmpty) gradGate[i] = -lipsGateReg;
        }
    }
}
