using System.Diagnostics;
using EdgeAvatar.Media.Images;
using EdgeAvatar.Prepare.Segmentation;
using Xunit.Abstractions;

namespace EdgeAvatar.Prepare.Tests.Segmentation;

public sealed class RealClipSegmentationTests : IClassFixture<RealClipFixture>
{
    private readonly RealClipFixture _clip;
    private readonly ITestOutputHelper _out;

    public RealClipSegmentationTests(RealClipFixture clip, ITestOutputHelper output)
    {
        _clip = clip;
        _out = output;
    }

    /// <summary>Mean absolute RGB difference between plate and frame over a square.</summary>
    private static double MeanDiff(RgbImage a, RgbImage b, int x0, int y0, int size)
    {
        double s = 0;
        for (int y = y0; y < y0 + size; y++)
        {
            for (int x = x0; x < x0 + size; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int i = 3 * (y * a.Width + x) + c;
                    s += Math.Abs(a.Pixels[i] - b.Pixels[i]);
                }
            }
        }
        return s / (size * size * 3);
    }

    [SkippableFact]
    public void Plate_from_100_frames_leaves_the_anchor_out()
    {
        Skip.IfNot(_clip.Ready, "sample clip or ffmpeg missing");
        var plate = _clip.Plate!;
        _out.WriteLine($"plate: {_clip.Frames!.Count} frames, observed {plate.ObservedFraction:P1}, " +
                       $"inpainted {plate.InpaintedFraction:P1}, {_clip.PlateMilliseconds:F0} ms");
        var nose = _clip.Landmarks![30];
        int fx = (int)nose.X - 16, fy = (int)nose.Y - 16;
        foreach (var frame in _clip.Frames.Take(10))
        {
            // Face centre: the plate must not contain the face.
            Assert.True(MeanDiff(plate.Image, frame, fx, fy, 32) > 40, "plate looks like the face");
            // Top corners: pure background, the plate must match the frame.
            Assert.True(MeanDiff(plate.Image, frame, 4, 4, 24) < 8, "plate differs in the top-left corner");
            Assert.True(MeanDiff(plate.Image, frame, 484, 4, 24) < 8, "plate differs in the top-right corner");
        }
        Assert.InRange(plate.ObservedFraction, 0.15, 0.95);
    }

    [SkippableFact]
    public void Matte_covers_the_face_and_not_the_top_corners()
    {
        Skip.IfNot(_clip.Ready, "sample clip or ffmpeg missing");
        var seg = new FrameSegmenter(_clip.Plate!);
        var hull = FaceRegions.FaceMask(_clip.Landmarks!, 512, 512);
        var frames = _clip.Frames!;
        var stats = new List<string>();
        foreach (int k in new[] { 0, 20, 40, 60, 80, 100 })
        {
            var r = seg.Segment(frames[k], _clip.Landmarks!);
            int inHull = 0, hullN = 0;
            for (int i = 0; i < hull.Data.Length; i++)
            {
                if (hull.Data[i] != 0)
                {
                    hullN++;
                    inHull += r.Mask.Data[i] != 0 ? 1 : 0;
                }
            }
            Assert.Equal(hullN, inHull);
            foreach (var (x, y) in new[] { (3, 3), (508, 3), (3, 100), (508, 100) })
            {
                Assert.Equal(0, r.Alpha[x, y]);
            }
            double person = (double)r.Mask.CountNonZero() / r.Mask.Data.Length;
            stats.Add($"frame {k * 17}: person {person:P1} head {r.Labels.Count(1)} neck {r.Labels.Count(2)} " +
                      $"torso {r.Labels.Count(3)} thr {r.MatteThreshold:F1} eye {r.EyeOpenness:F3} lips {r.LipsBox}");
            Assert.InRange(person, 0.25, 0.8);
        }
        stats.ForEach(_out.WriteLine);
    }

    [SkippableFact]
    public void Debug_views_and_timings_are_written()
    {
        Skip.IfNot(_clip.Ready, "sample clip or ffmpeg missing");
        var dir = Path.Combine(Path.GetTempPath(), "edgeavatar-seg");
        Directory.CreateDirectory(dir);
        var lm = _clip.Landmarks!;
        var matter = new PersonMatter();
        var parts = new PartSegmenter();
        var seg = new FrameSegmenter(_clip.Plate!, matter, parts);
        var plate = _clip.Plate!.Image;
        PngWriter.WriteRgb(Path.Combine(dir, "plate.png"), plate.Width, plate.Height, plate.Pixels);
        var observed = _clip.Plate.Observed;
        PngWriter.WriteGrey(Path.Combine(dir, "plate_observed.png"), observed.Width, observed.Height, observed.Data);
        foreach (int k in new[] { 0, 35, 70, 104 })
        {
            var frame = _clip.Frames![Math.Min(k, _clip.Frames.Count - 1)];
            var r = seg.Segment(frame, lm);
            var view = SegmentationDebugView.Compose(frame, r, lm);
            PngWriter.WriteRgb(Path.Combine(dir, $"view_{k:D3}.png"), view.Width, view.Height, view.Pixels);
        }
        // Stage timings, single-threaded-ish view: best of 5 after warm-up. Reported, never asserted.
        var f0 = _clip.Frames![3];
        var face = FaceRegions.FaceMask(lm, 512, 512);
        var matte = matter.Matte(f0, _clip.Plate, lm);
        double tMatte = Best(() => matter.Matte(f0, _clip.Plate, lm));
        double tParts = Best(() => parts.Label(matte.Mask, lm, face));
        double tFace = Best(() => FaceRegions.FaceMask(lm, 512, 512));
        double tAll = Best(() => seg.Segment(f0, lm));
        _out.WriteLine($"views in {dir}; matte {tMatte:F2} ms, parts {tParts:F2} ms, face mask {tFace:F2} ms, " +
                       $"whole frame {tAll:F2} ms (best of 5, 512x512, {Environment.ProcessorCount} cores)");
        Assert.True(File.Exists(Path.Combine(dir, "view_000.png")));
    }

    private static double Best(Action a)
    {
        a();
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            a();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
