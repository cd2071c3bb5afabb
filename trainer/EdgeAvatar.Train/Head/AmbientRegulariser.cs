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
/// the gate — and, saturated, never reopened: measured on the 71-s clip's quick and full models, γ = 0.0000 at
/// every sample in the mouth, and the rendered lips box changed by 0.5/255 between the codes of the most open and
/// the most closed recorded mouth. The pull keeps the mouth's gate open so the sigma MLP can learn to use the code
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
}
