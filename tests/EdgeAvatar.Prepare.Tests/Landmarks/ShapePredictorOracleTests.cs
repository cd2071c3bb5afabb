using System.Diagnostics;
using EdgeAvatar.Prepare.Imaging;
using Xunit.Abstractions;

namespace EdgeAvatar.Prepare.Tests.Landmarks;

/// <summary>
/// Compares our predictor with dlib's C++ on the committed reference (same frames, same boxes). dlib rounds its
/// output to integers with floor(v+0.5), so our points are rounded the same way before comparing.
/// </summary>
[Collection(FaceModelsCollection.Name)]
public sealed class ShapePredictorOracleTests(FaceModelsFixture models, ITestOutputHelper output)
{
    [SkippableFact]
    public void Landmarks_match_dlib_cpp_within_one_pixel_on_at_least_99_percent_of_points()
    {
        Skip.If(models.Predictor is null, "libdlib-data model not installed");
        Skip.If(models.ReferenceFrames is null, "reference frames unavailable (ffmpeg, samples or reference missing)");
        var predictor = models.Predictor!;
        int total = 0, within1 = 0, exact = 0;
        double maxDiff = 0;
        var sw = new Stopwatch();
        foreach (var (reference, frame) in models.ReferenceFrames!)
        {
            var gray = GrayImage.FromRgbMean(frame);
            sw.Start();
            var shape = predictor.Predict(gray, reference.Box);
            sw.Stop();
            var ours = shape.RoundedLikeDlib();
            Assert.Equal(reference.Points.Length, ours.Length);
            for (int i = 0; i < ours.Length; i += 2)
            {
                double d = Math.Max(Math.Abs(ours[i] - reference.Points[i]), Math.Abs(ours[i + 1] - reference.Points[i + 1]));
                total++;
                within1 += d <= 1 ? 1 : 0;
                exact += d == 0 ? 1 : 0;
                maxDiff = Math.Max(maxDiff, d);
            }
        }
        int faces = models.ReferenceFrames!.Count;
        output.WriteLine($"{faces} faces, {total} points: {within1} within 1 px ({100.0 * within1 / total:F2}%), " +
            $"{exact} identical ({100.0 * exact / total:F2}%), max |diff| {maxDiff} px; " +
            $"{sw.Elapsed.TotalMilliseconds / faces:F2} ms per face (informational)");
        Assert.True(faces >= 30, $"only {faces} reference frames decoded");
        Assert.True(within1 >= 0.99 * total, $"{within1}/{total} points within 1 px");
    }
}
