namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Means over the scored frames of per-frame values: PSNR in dB (each capped at <see cref="ImageMetrics.MaxPsnrDb"/>,
/// averaged in dB as talking-head papers do), SSIM on luma, the same two inside the real frame's face box, and LMD
/// in pixels (null when not measured). <see cref="Frames"/> is the number of frames scored. <see cref="PsnrMouth"/> is
/// PSNR inside the real frame's lips box (the dataset's, from the recorded landmarks; not grown), the one image figure
/// that teeth, a blurred lip line or background showing through the mouth move; null in reports written before it.
/// </summary>
public sealed record EvalScores(double Psnr, double Ssim, double PsnrFace, double SsimFace, double? Lmd, int Frames,
    double? PsnrMouth = null);
