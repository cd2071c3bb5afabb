using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Prepare.Pipeline;
using EdgeAvatar.Train.Eval;
using Xunit.Abstractions;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class MouthLandmarkDistanceTests(ITestOutputHelper output)
{
    private const string Clip = "german_anchor_20s_512.mp4";
    private const int Size = 512;

    [Fact]
    public void Distance_averages_only_the_20_mouth_points()
    {
        var a = new float[136];
        var b = new float[136];
        for (int i = 0; i < 136; i++) a[i] = b[i] = i;
        for (int p = 0; p < 48; p++) b[2 * p] += 50;          // jaw, brows, nose, eyes moved: ignored
        for (int p = 48; p < 58; p++) { b[2 * p] += 3; b[2 * p + 1] += 4; } // 10 points moved by 5 px
        Assert.Equal(2.5, MouthLandmarkDistance.Distance(a, b), 12);
    }

    [Fact]
    public void Distance_refuses_shapes_that_are_not_68_points()
        => Assert.Throws<ArgumentException>(() => MouthLandmarkDistance.Distance(new float[136], new float[10]));

    [SkippableFact]
    public void Lmd_is_zero_for_the_real_frame_and_grows_as_the_mouth_is_shifted()
    {
        var (frame, box, lips) = RealFrame();
        MouthLandmarkDistance lmd = EvalTestFiles.Lmd!;
        var real = new RgbFrame(Size, Size, frame);
        Assert.Equal(0.0, lmd.Measure(real, new RgbFrame(Size, Size, (byte[])frame.Clone()), box));

        double l3 = lmd.Measure(real, new RgbFrame(Size, Size, ShiftDown(frame, lips, 3)), box);
        double l8 = lmd.Measure(real, new RgbFrame(Size, Size, ShiftDown(frame, lips, 8)), box);
        output.WriteLine($"LMD for a mouth shifted 3 px: {l3:F2}, 8 px: {l8:F2}");
        Assert.True(l3 > 0.5, $"3 px shift gave LMD {l3}");
        Assert.True(l8 > l3, $"8 px shift gave LMD {l8} ≤ {l3}");
        // The lips moved 8 px; their landmarks should follow most of the way, and not much further.
        Assert.InRange(l8, 4, 12);
    }

    [SkippableFact]
    public void Fit_from_the_face_box_reproduces_the_tracked_landmarks()
    {
        var (frame, box, _, tracked) = RealFrameWithShape();
        FaceShape refit = EvalTestFiles.Lmd!.Fit(new RgbFrame(Size, Size, frame), box);
        double err = 0;
        for (int i = 0; i < 68; i++) err += Math.Sqrt(Math.Pow(refit.X(i) - tracked[2 * i], 2) + Math.Pow(refit.Y(i) - tracked[2 * i + 1], 2));
        err /= 68;
        output.WriteLine($"face box {box}, mean refit error {err:F2} px");
        Assert.True(err < 3, $"refit from the landmark bounding box moved the landmarks by {err:F2} px on average");
    }

    private static (byte[] Frame, DatasetBox FaceBox, DatasetBox Lips) RealFrame()
    {
        var (frame, box, lips, _) = RealFrameWithShape();
        return (frame, box, lips);
    }

    /// <summary>Frame 40 of the sample, its landmarks from the product's tracker, and their bounding boxes (face, lips).</summary>
    private static (byte[] Frame, DatasetBox FaceBox, DatasetBox Lips, float[] Landmarks) RealFrameWithShape()
    {
        Skip.IfNot(EvalTestFiles.FfmpegAvailable, "ffmpeg is not installed");
        Skip.If(EvalTestFiles.Lmd is null, $"dlib's model {ShapePredictorModel.DebianModelPath} is not installed");
        Skip.IfNot(File.Exists(HaarCascade.DebianFrontalFaceAlt2), "OpenCV's Haar cascade is not installed");
        string? clip = EvalTestFiles.SamplePath(Clip);
        Skip.If(clip is null, $"samples/train/{Clip} is missing");
        byte[] frame = EvalTestFiles.Frames(clip!, 40)[0];
        var tracker = new FaceTracker(HaarFaceDetector.CreateDefault(),
            new ShapePredictor(ShapePredictorModel.Load(ShapePredictorModel.DebianModelPath)));
        FaceShape shape = tracker.Next(new RgbFrame(Size, Size, frame)).Shape ?? throw new InvalidOperationException("no face in the sample frame");
        float[] xy = shape.Coordinates.ToArray();
        return (frame, DatasetWriter.FaceBox(xy, Size), DatasetWriter.FaceBox(xy.AsSpan(96, 40), Size), xy);
    }

    /// <summary>A copy with the lips box, plus 6 px of margin, moved down by <paramref name="shift"/> pixels.</summary>
    private static byte[] ShiftDown(byte[] frame, DatasetBox lips, int shift)
    {
        var copy = (byte[])frame.Clone();
        int x0 = lips.X - 6, x1 = lips.X + lips.Width + 6, y0 = lips.Y - 6, y1 = lips.Y + lips.Height + 6;
        for (int y = y1 - 1; y >= y0; y--)
            Array.Copy(frame, (y * Size + x0) * 3, copy, ((y + shift) * Size + x0) * 3, (x1 - x0) * 3);
        return copy;
    }
}
