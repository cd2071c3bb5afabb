using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Landmarks;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Mouth landmark distance (LMD): the mean Euclidean distance, in output pixels, between the 20 mouth landmarks
/// (iBUG indices 48–67) fitted on a rendered frame and those fitted on the real frame.
/// <para>
/// The detector runs on BOTH frames (not the dataset's landmarks.f32 against a fit on the render), from the SAME box,
/// so that the predictor's own bias and its dependence on the start box cancel: a render equal to the real frame
/// scores exactly 0, and only pixel differences move the score. The box is derived from the real frame's manifest
/// <c>face_box</c> (the bounding box of its dataset landmarks) by <see cref="PredictorBox"/>. Nothing is detected
/// (no Haar pass): the fit never "loses" the face, it just lands wherever the render's pixels pull it.
/// </para>
/// Thread-safe (the predictor is immutable; scratch is per call).
/// </summary>
public sealed class MouthLandmarkDistance
{
    /// <summary>First mouth landmark in iBUG 68-point order (outer lip 48–59, inner lip 60–67).</summary>
    public const int FirstMouthPoint = 48;

    public const int MouthPointCount = 20;

    private readonly ShapePredictor _predictor;
    private readonly float _u0, _u1, _v0, _v1;

    public MouthLandmarkDistance(ShapePredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (predictor.Model.LandmarkCount != 68)
            throw new ArgumentException($"LMD needs the 68-point iBUG model, this one has {predictor.Model.LandmarkCount} points.", nameof(predictor));
        _predictor = predictor;
        // Bounding box of the mean shape in unit-box coordinates: maps a landmark bounding box back to a start box.
        var mean = predictor.Model.InitialShape;
        (_u0, _u1, _v0, _v1) = (float.MaxValue, float.MinValue, float.MaxValue, float.MinValue);
        for (int i = 0; i + 1 < mean.Length; i += 2)
        {
            _u0 = Math.Min(_u0, mean[i]); _u1 = Math.Max(_u1, mean[i]);
            _v0 = Math.Min(_v0, mean[i + 1]); _v1 = Math.Max(_v1, mean[i + 1]);
        }
    }

    /// <summary>
    /// Loads dlib's 68-point model (default: Debian's <see cref="ShapePredictorModel.DebianModelPath"/>) through the
    /// float32 cache. A missing file is <c>EdgeAvatarException(NoInput)</c>.
    /// </summary>
    public static MouthLandmarkDistance Load(string? modelPath = null, string? cacheDirectory = null)
        => new(new ShapePredictor(ShapePredictorModel.Load(modelPath ?? ShapePredictorModel.DebianModelPath, cacheDirectory)));

    /// <summary>
    /// The predictor's start box (dlib convention, inclusive corners X..X+Width−1) in which the model's mean shape
    /// would span exactly <paramref name="landmarkBounds"/>, i.e. the box a fit of those landmarks "belongs" to.
    /// </summary>
    public FaceBox PredictorBox(DatasetBox landmarkBounds)
    {
        ArgumentNullException.ThrowIfNull(landmarkBounds);
        if (landmarkBounds.Width <= 0 || landmarkBounds.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(landmarkBounds), $"Face box {landmarkBounds} is empty.");
        double sx = landmarkBounds.Width / (double)(_u1 - _u0), sy = landmarkBounds.Height / (double)(_v1 - _v0);
        int x = (int)Math.Round(landmarkBounds.X - _u0 * sx), y = (int)Math.Round(landmarkBounds.Y - _v0 * sy);
        return new FaceBox(x, y, (int)Math.Round(sx) + 1, (int)Math.Round(sy) + 1);
    }

    /// <summary>All 68 landmarks of <paramref name="frame"/> fitted from the box of <paramref name="faceBox"/>.</summary>
    public FaceShape Fit(RgbFrame frame, DatasetBox faceBox) => _predictor.Predict(frame, PredictorBox(faceBox));

    /// <summary>LMD between a real and a rendered frame of the same size, both fitted from the real face box.</summary>
    public double Measure(RgbFrame real, RgbFrame rendered, DatasetBox faceBox)
        => Distance(Fit(real, faceBox), Fit(rendered, faceBox));

    /// <summary>Mean Euclidean distance (px) over landmarks 48–67 of two 68-point shapes.</summary>
    public static double Distance(FaceShape a, FaceShape b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Distance(a.Coordinates, b.Coordinates);
    }

    /// <summary>Same, on interleaved x,y arrays of 68 points (136 floats), e.g. one frame of landmarks.f32.</summary>
    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        const int Floats = 2 * 68;
        if (a.Length != Floats || b.Length != Floats)
            throw new ArgumentException($"Shapes must be 68 points ({Floats} floats); got {a.Length} and {b.Length}.");
        double sum = 0;
        for (int p = FirstMouthPoint; p < FirstMouthPoint + MouthPointCount; p++)
        {
            double dx = a[2 * p] - b[2 * p], dy = a[2 * p + 1] - b[2 * p + 1];
            sum += Math.Sqrt(dx * dx + dy * dy);
        }
        return sum / MouthPointCount;
    }
}
