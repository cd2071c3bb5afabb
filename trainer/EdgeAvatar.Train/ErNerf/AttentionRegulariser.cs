using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Train.Head;

namespace EdgeAvatar.Train.ErNerf;

/// <summary>
/// ER-NeRF's audio-attention penalty, the ernerf head's counterpart of RAD-NeRF's ambient L1
/// (<see cref="AmbientRegulariser"/>): outside the face the audio should not move the head, so the audio attention
/// α(s) is pulled to zero there. L = w / K · Σ over the K samples of rays outside the face box of ‖α‖₂, so
/// dL/d‖α‖ = w / K on those samples and 0 elsewhere; <see cref="RegionAttentionBackward"/> carries it on as
/// dL/dα = dL/d‖α‖ · α / ‖α‖. ER-NeRF weights each sample's ‖α‖ by its compositing weight and ramps w up over
/// training; here, as for the ambient L1, every sample of an outside ray counts alike and w is constant. The eye
/// attention has no penalty.
/// </summary>
public static class AttentionRegulariser
{
    /// <summary>The per-sample dL/d‖α‖: w / K on samples of outside-face rays (K of them), 0 elsewhere.</summary>
    /// <param name="rayIndex">M samples' owning rays (<see cref="RaySamples.RayIndex"/>).</param>
    /// <param name="regions">Per ray.</param>
    /// <param name="weight">w; 0 turns the penalty off (every entry 0).</param>
    /// <param name="gradNorm">M floats, overwritten.</param>
    public static void Gradients(ReadOnlySpan<int> rayIndex, ReadOnlySpan<RayRegion> regions, float weight, Span<float> gradNorm)
    {
        int m = rayIndex.Length;
        if (gradNorm.Length != m)
            throw new ArgumentException($"gradNorm has {gradNorm.Length} floats; {m} samples need {m}.", nameof(gradNorm));
        gradNorm.Clear();
        float k = SampleWeight(rayIndex, regions, weight);
        if (k == 0) return;
        for (int i = 0; i < m; i++)
            if (regions[rayIndex[i]] == RayRegion.OutsideFace) gradNorm[i] = k;
    }

    /// <summary>w / K, the dL/d‖α‖ of each of the K samples of outside-face rays; 0 when w is 0 or K is 0.</summary>
    public static float SampleWeight(ReadOnlySpan<int> rayIndex, ReadOnlySpan<RayRegion> regions, float weight)
    {
        if (weight == 0) return 0f;
        int outside = 0;
        foreach (int r in rayIndex)
            if (regions[r] == RayRegion.OutsideFace) outside++;
        return outside == 0 ? 0f : weight / outside;
    }
}
