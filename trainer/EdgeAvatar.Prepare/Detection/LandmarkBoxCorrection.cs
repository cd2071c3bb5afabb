namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// Converts a Haar (OpenCV frontal cascade) face box into the box convention dlib's 68-point model was trained on
/// (its HOG detector's boxes). The Haar box is wider and sits higher; shrinking it and moving its centre down by the
/// constants below lowered the landmark error on labelled faces (docs/results/2026-11-22-landmark-box-correction.md).
/// Kept separate from detection so callers that want the raw
/// OpenCV box (or a box rebuilt from landmarks) never get it silently altered.
/// </summary>
public static class LandmarkBoxCorrection
{
    public const double WidthScale = 0.91;

    public const double CenterShiftDown = 0.08;

    /// <summary>The corrected box; aspect ratio is kept (both sides scale by <see cref="WidthScale"/>).</summary>
    public static FaceBox ForShapePredictor(FaceBox haarBox)
    {
        double cx = haarBox.X + haarBox.Width * 0.5;
        double cy = haarBox.Y + haarBox.Height * 0.5 + CenterShiftDown * haarBox.Width;
        double w = haarBox.Width * WidthScale, h = haarBox.Height * WidthScale;
        int iw = Math.Max(1, (int)Math.Round(w)), ih = Math.Max(1, (int)Math.Round(h));
        return new FaceBox((int)Math.Round(cx - iw * 0.5), (int)Math.Round(cy - ih * 0.5), iw, ih);
    }
}
