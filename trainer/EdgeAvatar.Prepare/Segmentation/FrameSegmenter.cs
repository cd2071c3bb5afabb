using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Per-frame segmentation against a fixed plate: matte, part labels, face mask, lips box, eye openness.
/// Thread-safe: holds only immutable settings, so frames may be processed in parallel.
/// </summary>
public sealed class FrameSegmenter
{
    public FrameSegmenter(BackgroundPlate plate, PersonMatter? matter = null, PartSegmenter? parts = null)
    {
        ArgumentNullException.ThrowIfNull(plate);
        Plate = plate;
        Matter = matter ?? new PersonMatter();
        Parts = parts ?? new PartSegmenter();
    }

    public BackgroundPlate Plate { get; }
    public PersonMatter Matter { get; }
    public PartSegmenter Parts { get; }

    public FrameSegmentation Segment(RgbImage frame, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (landmarks is null)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, "Segmentation needs the frame's face landmarks.");
        }
        var matte = Matter.Matte(frame, Plate, landmarks);
        var face = FaceRegions.FaceMask(landmarks, frame.Width, frame.Height);
        var labels = Parts.Label(matte.Mask, landmarks, face);
        return new FrameSegmentation(matte.Alpha, matte.Mask, labels, face,
            landmarks.LipsBox(frame.Width, frame.Height), landmarks.EyeOpenness(), matte.Threshold);
    }
}
