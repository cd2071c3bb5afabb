using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Train.Head;

/// <summary>
/// RAD-NeRF's ambient regulariser, L = w / (2·K) · Σ over the K samples of rays outside the face box of
/// (|tanh u0| + |tanh u1| + 2γ): its gradient is coordReg · sign(tanh u) per coordinate and gateReg per gate.
/// One definition for the host and GPU passes.
/// </summary>
public static class AmbientRegulariser
{
    /// <returns>(coordReg, gateReg); zeros when no sample lies outside or the weight is 0.</returns>
    public static (float CoordReg, float GateReg) Weights(RaySamples samples, ReadOnlySpan<bool> outsideFace, float weight)
    {
        if (weight <= 0) return (0f, 0f);
        var rayIndex = samples.RayIndex;
        int outside = 0;
        for (int i = 0; i < samples.SampleCount; i++) if (outsideFace[rayIndex[i]]) outside++;
        if (outside == 0) return (0f, 0f);
        float k = weight / (2f * outside);
        return (k, 2f * k);
    }
}
