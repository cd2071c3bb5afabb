using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Common;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Scores one Val frame for the model's render and for the baseline image against the real frame: PSNR and SSIM over
/// the whole frame and inside the frame's manifest face box (clipped to the frame, grown to the 11×11 SSIM window if
/// smaller), PSNR inside its lips box (clipped, not grown; none where the clipped box is empty), LMD when a measurer is
/// given (the real frame is fitted once and shared by both contestants), and the squared error per part region of the
/// frame's label map. All images are W×H×3 rgb24 of the dataset's size; the label map is W×H. With a measurer it also
/// records the mouth opening (<see cref="MouthOpening"/>) of the real frame and of the render from the same fits, per
/// scored frame, in <see cref="Openings"/>.
/// </summary>
internal sealed class FrameScorer(int width, int height, MouthLandmarkDistance? landmarks)
{
    public ScoreAccumulator Model { get; } = new();
    public ScoreAccumulator Baseline { get; } = new();
    public RegionErrorAccumulator ModelRegions { get; } = new();
    public RegionErrorAccumulator BaselineRegions { get; } = new();

    /// <summary>Per scored frame (in scoring order) with landmarks: frame index, real opening, rendered opening.</summary>
    public List<(int Frame, double Real, double Rendered)> Openings { get; } = [];

    public void Score(int frameIndex, DatasetFrame entry, byte[] real, byte[] rendered, byte[] baseline, ReadOnlySpan<byte> labels)
    {
        PixelRect face = FaceRegion(entry.FaceBox, width, height);
        PixelRect lips = entry.LipsBox.ToPixelRect().Inflate(0, width, height);
        FaceShape? realShape = landmarks?.Fit(new RgbFrame(width, height, real), entry.FaceBox);
        FaceShape? renderedShape = Add(Model, real, rendered, face, lips, realShape, entry.FaceBox);
        Add(Baseline, real, baseline, face, lips, realShape, entry.FaceBox);
        if (realShape is not null && renderedShape is not null)
            Openings.Add((frameIndex, MouthOpening.Measure(realShape), MouthOpening.Measure(renderedShape)));
        ModelRegions.Add(labels, real, rendered);
        BaselineRegions.Add(labels, real, baseline);
    }

    /// <summary>Adds the candidate's scores; returns its fitted shape (null without a measurer).</summary>
    private FaceShape? Add(ScoreAccumulator into, byte[] real, byte[] candidate, PixelRect face, PixelRect lips,
        FaceShape? realShape, DatasetBox faceBox)
    {
        double? lmd = null;
        FaceShape? shape = null;
        if (landmarks is not null && realShape is not null)
        {
            shape = landmarks.Fit(new RgbFrame(width, height, candidate), faceBox);
            lmd = MouthLandmarkDistance.Distance(realShape, shape);
        }
        into.Add(
            ImageMetrics.Psnr(real, candidate, width, height),
            ImageMetrics.Ssim(real, candidate, width, height),
            ImageMetrics.Psnr(real, candidate, width, height, face),
            ImageMetrics.Ssim(real, candidate, width, height, face),
            lmd,
            lips.IsEmpty ? null : ImageMetrics.Psnr(real, candidate, width, height, lips));
        return shape;
    }

    /// <summary>The face box clipped to the image, then grown (centred, inside the image) to at least the SSIM window.</summary>
    public static PixelRect FaceRegion(DatasetBox box, int width, int height)
    {
        PixelRect clipped = box.ToPixelRect().Inflate(0, width, height);
        var (x0, x1) = Grow(clipped.X, clipped.Right, width);
        var (y0, y1) = Grow(clipped.Y, clipped.Bottom, height);
        return new PixelRect(x0, y0, x1 - x0, y1 - y0);
    }

    private static (int Lo, int Hi) Grow(int lo, int hi, int size)
    {
        int need = Math.Min(ImageMetrics.SsimWindow, size);
        if (hi - lo >= need) return (lo, hi);
        int centre = (lo + hi) / 2;
        lo = Math.Clamp(centre - need / 2, 0, size - need);
        return (lo, lo + need);
    }
}
