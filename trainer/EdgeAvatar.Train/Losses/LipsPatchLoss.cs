namespace EdgeAvatar.Train.Losses;

/// <summary>
/// The lips stage's patch loss: weight · ((1 − s) · L1 + s · (1 − SSIM)) over one rendered patch of the lips box, s =
/// the SSIM share. It stands in for RAD-NeRF's LPIPS fine-tune (no LPIPS weights exist here): L1 keeps pulling
/// where MSE's gradient has faded (errors of a few levels, which is where a half-open mouth differs from a closed
/// one), SSIM rewards the local structure (edges of the lips and teeth) that a blurred average mouth lacks.
/// Patches are side × side × 3 floats, row-major, channel last.
/// </summary>
public sealed class LipsPatchLoss
{
    private readonly PatchSsim _ssim;
    private readonly float _ssimShare;

    public LipsPatchLoss(int side, float ssimShare)
    {
        if (ssimShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(ssimShare), $"SSIM share {ssimShare} is outside [0, 1].");
        _ssim = new PatchSsim(side);
        _ssimShare = ssimShare;
    }

    public int Side => _ssim.Side;

    /// <summary>Mean SSIM of the last <see cref="Step"/>'s patch.</summary>
    public double LastSsim { get; private set; }

    /// <summary>Returns the weighted loss and adds its gradient into <paramref name="gradRendered"/>.</summary>
    public double Step(ReadOnlySpan<float> rendered, ReadOnlySpan<float> recorded, float weight, Span<float> gradRendered)
    {
        LastSsim = _ssim.Forward(rendered, recorded);
        double l1 = 0;
        float g = weight * (1 - _ssimShare) / rendered.Length;
        for (int i = 0; i < rendered.Length; i++)
        {
            float d = rendered[i] - recorded[i];
            l1 += Math.Abs(d);
            // Sign of zero is zero: a pixel already exact gets no push either way.
            gradRendered[i] += g * Math.Sign(d);
        }
        if (_ssimShare > 0) _ssim.Backward(rendered, recorded, -weight * _ssimShare, gradRendered);
        return weight * ((1 - _ssimShare) * l1 / rendered.Length + _ssimShare * (1 - LastSsim));
    }
}
