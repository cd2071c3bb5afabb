using EdgeAvatar.Prepare.Detection;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>Thresholds of <see cref="FaceTracker"/>'s lost-track test (see <see cref="ShapeFitQuality"/>).</summary>
public sealed record FaceTrackerOptions
{
    /// <summary>
    /// Largest accepted RMS misfit to the mean shape, in units of the face box side. Real frontal-ish faces of the
    /// sample clips stay well below this (see the tracker tests); a shape torn apart by a bad box exceeds it.
    /// </summary>
    public double MaxResidual { get; init; } = 0.09;

    /// <summary>Smallest accepted IoU between the box the fit started from and the box its landmarks imply.</summary>
    public double MinBoxOverlap { get; init; } = 0.5;

    /// <summary>Smallest fraction of the face box that must lie inside the frame.</summary>
    public double MinVisibleFraction { get; init; } = 0.6;

    /// <summary>
    /// Also require the Haar detector to find a face near the tracked box (searched only in a margin around it and at
    /// nearby scales, so it costs little). The geometric tests alone cannot see a face vanish behind a uniform frame:
    /// on a blank image the trees return the mean shape, which is perfectly plausible.
    /// </summary>
    public bool VerifyWithDetector { get; init; } = true;

    /// <summary>Haar search parameters for (re)detection.</summary>
    public HaarDetectorOptions Detector { get; init; } = new();
}
