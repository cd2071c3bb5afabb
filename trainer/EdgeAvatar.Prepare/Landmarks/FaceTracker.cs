using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// Follows one face through consecutive frames. Detection (Haar, largest face, corrected with
/// <see cref="LandmarkBoxCorrection"/>) runs only on the first frame and after a loss; otherwise the box for frame k is
/// the implied box of frame k-1's landmarks (<see cref="ShapeFitQuality.ImpliedBox"/>), which suits the landmark model
/// better than a detector box. A fit counts as lost when its residual, its box overlap or the visible part of its box
/// fails <see cref="FaceTrackerOptions"/>; a lost tracked fit triggers an immediate re-detection on the same frame.
/// Not thread-safe (it carries the previous frame's state).
/// </summary>
public sealed class FaceTracker
{
    private readonly HaarFaceDetector _detector;
    private readonly ShapePredictor _predictor;
    private readonly FaceTrackerOptions _options;
    private FaceBox? _next;

    public FaceTracker(HaarFaceDetector detector, ShapePredictor predictor, FaceTrackerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(predictor);
        _detector = detector;
        _predictor = predictor;
        _options = options ?? new FaceTrackerOptions();
    }

    /// <summary>Number of Haar detections run so far (first frame plus re-detections).</summary>
    public int DetectionCount { get; private set; }

    /// <summary>Forgets the previous frame, so the next call detects afresh (e.g. after a cut).</summary>
    public void Reset() => _next = null;

    public TrackedFace Next(RgbFrame frame)
    {
        var gray = GrayImage.FromRgbMean(frame);
        if (_next is FaceBox box)
        {
            var shape = _predictor.Predict(gray, box);
            var q = ShapeFitQuality.Measure(shape, _predictor.Model);
            if (Acceptable(q, box, frame.Width, frame.Height)
                && (!_options.VerifyWithDetector || DetectorConfirms(frame, box)))
            {
                _next = q.ImpliedBox;
                return new TrackedFace(shape, false, q);
            }
        }
        _next = null;
        DetectionCount++;
        var faces = _detector.Detect(frame, _options.Detector);
        if (faces.Count == 0)
        {
            return new TrackedFace(null, true, null);
        }
        var largest = faces.MaxBy(f => f.Area);
        var start = LandmarkBoxCorrection.ForShapePredictor(largest);
        var fresh = _predictor.Predict(gray, start);
        var fq = ShapeFitQuality.Measure(fresh, _predictor.Model);
        if (!Acceptable(fq, start, frame.Width, frame.Height))
        {
            return new TrackedFace(null, true, fq);
        }
        _next = fq.ImpliedBox;
        return new TrackedFace(fresh, true, fq);
    }

    /// <summary>
    /// Runs the cascade on the tracked box plus half a side of margin, at face sizes 0.6x to the margin's size, and
    /// accepts when a detection (corrected to the landmark convention) overlaps the box with IoU ≥ 0.3.
    /// </summary>
    private bool DetectorConfirms(RgbFrame frame, FaceBox box)
    {
        int margin = box.Width / 2;
        int x0 = Math.Max(0, box.X - margin), y0 = Math.Max(0, box.Y - margin);
        int x1 = Math.Min(frame.Width, box.X + box.Width + margin), y1 = Math.Min(frame.Height, box.Y + box.Height + margin);
        if (x1 - x0 < _detector.Cascade.WindowWidth || y1 - y0 < _detector.Cascade.WindowHeight)
        {
            return false;
        }
        var roi = GrayImage.FromRgbLuma(frame).Crop(x0, y0, x1 - x0, y1 - y0);
        var opts = _options.Detector with { MinSize = (int)(0.6 * box.Width), MaxSize = 0 };
        foreach (var f in _detector.Detect(roi, opts))
        {
            var corrected = LandmarkBoxCorrection.ForShapePredictor(f with { X = f.X + x0, Y = f.Y + y0 });
            if (corrected.IntersectionOverUnion(box) >= 0.3)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The lost-track test; public thresholds live in <see cref="FaceTrackerOptions"/>.</summary>
    public bool Acceptable(ShapeFitQuality q, FaceBox box, int frameWidth, int frameHeight)
    {
        long iw = Math.Max(0, Math.Min(box.X + box.Width, frameWidth) - Math.Max(box.X, 0));
        long ih = Math.Max(0, Math.Min(box.Y + box.Height, frameHeight) - Math.Max(box.Y, 0));
        double visible = (double)(iw * ih) / Math.Max(1, box.Area);
        return q.Residual <= _options.MaxResidual && q.BoxOverlap >= _options.MinBoxOverlap
            && visible >= _options.MinVisibleFraction;
    }
}
