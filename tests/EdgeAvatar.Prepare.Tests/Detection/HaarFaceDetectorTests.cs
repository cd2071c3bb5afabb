using System.Diagnostics;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Tests.Landmarks;
using Xunit.Abstractions;

namespace EdgeAvatar.Prepare.Tests.Detection;

/// <summary>
/// Detector behaviour on real and synthetic frames. Ground truth for "the face" is dlib's own landmarks from the
/// committed oracle reference, independent of our detector.
/// </summary>
[Collection(FaceModelsCollection.Name)]
public sealed class HaarFaceDetectorTests(FaceModelsFixture models, ITestOutputHelper output)
{
    [SkippableFact]
    public void Finds_exactly_one_face_covering_dlibs_landmarks_on_frames_of_both_clips()
    {
        Skip.If(models.Detector is null || models.ReferenceFrames is null, "cascade or reference frames unavailable");
        var ious = new List<double>();
        var sw = new Stopwatch();
        foreach (var (reference, frame) in models.ReferenceFrames!)
        {
            sw.Start();
            // OpenCV's own detectMultiScale (defaults) also reports a 58 px and a 44 px false positive in the anchor's
            // hair on two German frames; a talking-head clip's face is far larger, so prepare ignores faces < 80 px.
            var faces = models.Detector!.Detect(frame, new HaarDetectorOptions { MinSize = 80 });
            sw.Stop();
            output.WriteLine($"{reference.Clip}#{reference.Index}: {string.Join(" ", models.Detector.Detect(frame))}");
            Assert.True(faces.Count == 1, $"{reference.Clip}#{reference.Index}: {faces.Count} faces: {string.Join(", ", faces)}");
            var box = faces[0];
            var (cx, cy, spanX) = Extent(reference.Points);
            Assert.True(box.Contains(cx, cy), $"{reference.Clip}#{reference.Index}: landmark centroid outside {box}");
            // The jaw-to-jaw span is about the face width; a face box is roughly that wide (not a patch, not the frame).
            double ratio = box.Width / spanX;
            Assert.InRange(ratio, 0.8, 1.6);
            ious.Add(LandmarkBoxCorrection.ForShapePredictor(box).IntersectionOverUnion(reference.Box));
        }
        ious.Sort();
        output.WriteLine($"{ious.Count} frames; corrected Haar box vs dlib HOG box IoU: min {ious[0]:F3}, " +
            $"median {ious[ious.Count / 2]:F3}; {sw.Elapsed.TotalMilliseconds / ious.Count:F1} ms per 512² frame " +
            "(informational)");
        Assert.True(ious[ious.Count / 2] >= 0.6, "corrected box should overlap dlib's HOG box");
    }

    [SkippableFact]
    public void Finds_no_face_in_blank_or_noise_images()
    {
        Skip.If(models.Detector is null, "opencv-data cascade not installed");
        var blank = new byte[512 * 512 * 3];
        Array.Fill(blank, (byte)128);
        Assert.Empty(models.Detector!.Detect(new RgbFrame(512, 512, blank)));
        var noise = new byte[512 * 512 * 3];
        new Random(1234).NextBytes(noise);
        Assert.Empty(models.Detector.Detect(new RgbFrame(512, 512, noise)));
    }

    [SkippableFact]
    public void Finds_two_faces_when_a_real_frame_is_tiled_side_by_side()
    {
        Skip.If(models.Detector is null || models.ReferenceFrames is null, "cascade or reference frames unavailable");
        foreach (int pick in new[] { 0, models.ReferenceFrames!.Count - 1 })
        {
            var (reference, frame) = models.ReferenceFrames[pick];
            int w = frame.Width, h = frame.Height;
            var src = frame.Pixels.Span;
            var tiled = new byte[2 * w * h * 3];
            for (int y = 0; y < h; y++)
            {
                src.Slice(y * w * 3, w * 3).CopyTo(tiled.AsSpan(y * 2 * w * 3));
                src.Slice(y * w * 3, w * 3).CopyTo(tiled.AsSpan(y * 2 * w * 3 + w * 3));
            }
            var faces = models.Detector!.Detect(new RgbFrame(2 * w, h, tiled)).OrderBy(f => f.X).ToList();
            Assert.True(faces.Count == 2, $"{reference.Clip}#{reference.Index}: {faces.Count} faces");
            var (cx, cy, _) = Extent(reference.Points);
            Assert.True(faces[0].Contains(cx, cy));
            Assert.True(faces[1].Contains(cx + w, cy));
        }
    }

    private static (float Cx, float Cy, float SpanX) Extent(int[] xy)
    {
        float sx = 0, sy = 0, minX = float.MaxValue, maxX = float.MinValue;
        for (int i = 0; i < xy.Length; i += 2)
        {
            sx += xy[i];
            sy += xy[i + 1];
            minX = Math.Min(minX, xy[i]);
            maxX = Math.Max(maxX, xy[i]);
        }
        int n = xy.Length / 2;
        return (sx / n, sy / n, maxX - minX);
    }
}
