using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class EvalRunnerTests
{
    private const int W = SyntheticDataset.Width, H = SyntheticDataset.Height;

    /// <summary>Test renderer: returns a fixed picture per frame and records which frames were asked for.</summary>
    private sealed class RecordingRenderer(Func<int, byte[]> picture) : IEvalFrameRenderer
    {
        public List<int> Calls { get; } = [];

        public void Render(int frameIndex, Span<byte> rgb)
        {
            Calls.Add(frameIndex);
            picture(frameIndex).CopyTo(rgb);
        }
    }

    private static void SkipWithoutFfmpeg() => Skip.IfNot(EvalTestFiles.FfmpegAvailable, "ffmpeg is not installed");

    /// <summary>PSNR of two rgb24 W×H images computed here: 10·log10(255² / MSE).</summary>
    private static double Psnr(byte[] a, byte[] b) => Psnr(a, b, 0, 0, W, H);

    [SkippableFact]
    public void Rendering_the_real_frames_scores_the_caps_and_beats_the_baseline()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(33); // Train 0..29, Val 30..32
        var renderer = new RecordingRenderer(i => ds.Frames[i]);
        EvalReport r = EvalRunner.Run(ds.Reader, renderer, new EvalOptions { Landmarks = EvalTestFiles.Lmd });

        Assert.Equal([30, 31, 32], renderer.Calls);
        Assert.Equal(3, r.Frames);
        Assert.Equal(100.0, r.Psnr);
        Assert.Equal(100.0, r.PsnrFace);
        Assert.Equal(1.0, r.Ssim, 12);
        Assert.Equal(1.0, r.SsimFace, 12);
        Assert.Equal(EvalTestFiles.Lmd is null ? null : 0.0, r.Lmd);

        byte[] mean = ds.TrainMean();
        double expected = new[] { 30, 31, 32 }.Average(i => Psnr(ds.Frames[i], mean));
        Assert.Equal(expected, r.Baseline.Psnr, 9);
        Assert.True(r.Baseline.Psnr < 40 && r.Baseline.Ssim < 0.99 && r.Baseline.PsnrFace < 40, r.ToJson());
        Assert.Equal(3, r.Baseline.Frames);
        Assert.True(r.RenderFps > 0);
    }

    /// <summary>PSNR of two rgb24 W×H images over rows y0..y1-1, columns x0..x1-1, computed here.</summary>
    private static double Psnr(byte[] a, byte[] b, int x0, int y0, int x1, int y1)
    {
        double se = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                for (int c = 0; c < 3; c++)
                {
                    int i = (y * W + x) * 3 + c;
                    se += (a[i] - b[i]) * (a[i] - b[i]);
                }
        return 10 * Math.Log10(255.0 * 255 / (se / ((x1 - x0) * (y1 - y0) * 3)));
    }

    /// <summary>A copy of the frame with the given rows and columns painted mid grey.</summary>
    private static byte[] Painted(byte[] frame, int x0, int y0, int x1, int y1)
    {
        byte[] copy = (byte[])frame.Clone();
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                copy.AsSpan((y * W + x) * 3, 3).Fill(128);
        return copy;
    }

    [SkippableFact]
    public void Psnr_mouth_scores_only_the_lips_box()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(33); // Val 30..32; every frame's lips box is x 24..39, y 28..35
        // Paint the lower half of the lips box: psnr_mouth is the PSNR of that box alone.
        EvalReport inside = EvalRunner.Run(ds.Reader, new RecordingRenderer(i => Painted(ds.Frames[i], 24, 32, 40, 36)), new EvalOptions());
        double expected = new[] { 30, 31, 32 }.Average(i => Psnr(ds.Frames[i], Painted(ds.Frames[i], 24, 32, 40, 36), 24, 28, 40, 36));
        Assert.Equal(expected, inside.PsnrMouth!.Value, 9);
        Assert.True(inside.PsnrMouth < inside.PsnrFace, inside.ToJson());

        // Paint the face above the lips: face and frame scores drop, the lips box stays at the cap.
        EvalReport outside = EvalRunner.Run(ds.Reader, new RecordingRenderer(i => Painted(ds.Frames[i], 16, 10, 48, 28)), new EvalOptions());
        Assert.Equal(100.0, outside.PsnrMouth);
        Assert.True(outside.PsnrFace < 40, outside.ToJson());
        Assert.NotNull(outside.Baseline.PsnrMouth);
        Assert.True(outside.Baseline.PsnrMouth < 40, outside.ToJson());
    }

    [SkippableFact]
    public void Rendering_the_mean_image_equals_the_baseline()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(33);
        byte[] mean = ds.TrainMean();
        EvalReport r = EvalRunner.Run(ds.Reader, new RecordingRenderer(_ => mean), new EvalOptions { Landmarks = EvalTestFiles.Lmd });

        Assert.Equal(r.Baseline, r.Model);
        Assert.True(r.Psnr < 40);
        if (EvalTestFiles.Lmd is not null) Assert.NotNull(r.Lmd);
    }

    [SkippableFact]
    public void Stride_and_max_frames_choose_the_val_frames_and_keep_them_aligned()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(55); // Train 0..49, Val 50..54
        var renderer = new RecordingRenderer(i => ds.Frames[i]);
        var progress = new List<EvalProgress>();
        EvalReport r = EvalRunner.Run(ds.Reader, renderer, new EvalOptions { Stride = 2, MaxFrames = 2 }, new SyncProgress(progress));

        Assert.Equal([50, 52], renderer.Calls);
        Assert.Equal(100.0, r.Psnr); // the render for frame i was compared with decoded frame i
        Assert.Null(r.Lmd);
        Assert.Equal(new EvalProgress(EvalPhase.Baseline, 50, 50), progress.Last(p => p.Phase == EvalPhase.Baseline));
        Assert.Equal(new EvalProgress(EvalPhase.Evaluate, 2, 2), progress[^1]);
    }

    [Fact]
    public void Frame_selection_covers_the_val_range_with_stride_and_cap()
    {
        var val = new DatasetRange(100, 10);
        Assert.Equal([100, 103, 106, 109], EvalRunner.SelectFrames(val, 3, null));
        Assert.Equal([100, 101], EvalRunner.SelectFrames(val, 1, 2));
        var ex = Assert.Throws<EdgeAvatarException>(() => EvalRunner.SelectFrames(val, 0, null));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<EdgeAvatarException>(() => EvalRunner.SelectFrames(val, 1, 0)).ExitCode);
    }

    [SkippableFact]
    public void Invalid_frames_are_rendered_but_not_scored()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(33, null, 31);
        // A renderer that is wrong only on the invalid frame: if that frame were scored, PSNR would drop below the cap.
        var renderer = new RecordingRenderer(i => i == 31 ? new byte[W * H * 3] : ds.Frames[i]);
        EvalReport r = EvalRunner.Run(ds.Reader, renderer, new EvalOptions());
        Assert.Equal(3, r.FramesRendered);
        Assert.Equal(2, r.Frames);
        Assert.Equal(100.0, r.Psnr);
    }

    [SkippableFact]
    public void Side_by_side_video_holds_real_and_rendered_frames_with_audio()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(44); // Val 40..43
        string outDir = EvalTestFiles.TempDirectory();
        try
        {
            string path = Path.Combine(outDir, "eval.mp4");
            var black = new byte[W * H * 3];
            EvalReport r = EvalRunner.Run(ds.Reader, new RecordingRenderer(_ => black), new EvalOptions { SideBySidePath = path });

            Assert.Equal(path, r.SideBySide);
            Assert.True(r.SideBySideAudio);
            Assert.Equal(["eval.mp4"], Directory.GetFiles(outDir).Select(Path.GetFileName)); // no partial leftovers
            MediaInfo info = MediaProbe.Probe(path);
            Assert.Equal((2 * W, H), (info.Video!.Width, info.Video.Height));
            Assert.NotNull(info.Audio);
            List<byte[]> frames = EvalTestFiles.Frames(path, 0, 1, 2, 3);
            Assert.Equal(4, frames.Count);
            // Left half ≈ real frame 40 (lossy H.264), right half ≈ black.
            var left = new byte[W * H * 3];
            double rightSum = 0;
            for (int y = 0; y < H; y++)
            {
                Array.Copy(frames[0], y * 2 * W * 3, left, y * W * 3, W * 3);
                for (int k = W * 3; k < 2 * W * 3; k++) rightSum += frames[0][y * 2 * W * 3 + k];
            }
            Assert.True(Psnr(left, ds.Frames[40]) > 25, $"left half PSNR {Psnr(left, ds.Frames[40])}");
            Assert.True(rightSum / (W * H * 3) < 8);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [SkippableFact]
    public void Side_by_side_with_a_stride_has_no_audio()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(44);
        string outDir = EvalTestFiles.TempDirectory();
        try
        {
            string path = Path.Combine(outDir, "eval.mp4");
            EvalReport r = EvalRunner.Run(ds.Reader, new RecordingRenderer(i => ds.Frames[i]),
                new EvalOptions { SideBySidePath = path, Stride = 2 });
            Assert.False(r.SideBySideAudio);
            Assert.Null(MediaProbe.Probe(path).Audio);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [SkippableFact]
    public void A_frames_video_shorter_than_the_manifest_is_a_data_error()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(33, encodedFrames: 31);
        var ex = Assert.Throws<EdgeAvatarException>(() => EvalRunner.Run(ds.Reader, new RecordingRenderer(i => ds.Frames[i]), new EvalOptions()));
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
        Assert.Contains("ended before frame 31", ex.Message);
    }

    [SkippableFact]
    public void Mean_image_baseline_alone_matches_the_independent_mean()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(33);
        MeanImageBaseline b = MeanImageBaseline.Compute(ds.Reader);
        Assert.Equal(30, b.FrameCount);
        Assert.Equal(ds.TrainMean(), b.Pixels);
    }

    [Fact]
    public void Report_json_has_the_documented_keys_and_round_trips()
    {
        var report = new EvalReport
        {
            Psnr = 31.5, Ssim = 0.91, PsnrFace = 28.25, SsimFace = 0.85, Lmd = 2.5, Frames = 12, PsnrMouth = 24.75,
            Baseline = new EvalScores(18, 0.6, 15, 0.4, 6.5, 12, 13.5),
            RenderFps = 140, FramesRendered = 12,
            Regions = [new RegionScore("head", 27.5, 18.25, 0.25, 0.1875), new RegionScore("neck", null, null, 0, 0)],
        };
        using var doc = JsonDocument.Parse(report.ToJson());
        JsonElement root = doc.RootElement;
        Assert.Equal(31.5, root.GetProperty("psnr").GetDouble());
        Assert.Equal(0.91, root.GetProperty("ssim").GetDouble());
        Assert.Equal(28.25, root.GetProperty("psnr_face").GetDouble());
        Assert.Equal(0.85, root.GetProperty("ssim_face").GetDouble());
        Assert.Equal(2.5, root.GetProperty("lmd").GetDouble());
        Assert.Equal(12, root.GetProperty("frames").GetInt32());
        Assert.Equal(24.75, root.GetProperty("psnr_mouth").GetDouble());
        Assert.Equal(140, root.GetProperty("render_fps").GetDouble());
        JsonElement b = root.GetProperty("baseline");
        foreach (string key in new[] { "psnr", "ssim", "psnr_face", "ssim_face", "lmd", "frames", "psnr_mouth" })
            Assert.True(b.TryGetProperty(key, out _), key);
        Assert.Equal(13.5, b.GetProperty("psnr_mouth").GetDouble());
        Assert.Equal(6.5, b.GetProperty("lmd").GetDouble());
        Assert.False(root.TryGetProperty("model", out _));
        JsonElement head = root.GetProperty("regions")[0];
        Assert.Equal("head", head.GetProperty("region").GetString());
        Assert.Equal(18.25, head.GetProperty("baseline_psnr").GetDouble());
        Assert.Equal(0.25, head.GetProperty("error_share").GetDouble());
        Assert.Equal(0.1875, head.GetProperty("pixel_share").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("regions")[1].GetProperty("psnr").ValueKind);
        EvalReport back = EvalReport.FromJson(report.ToJson());
        Assert.Equal(report.Regions, back.Regions);
        Assert.Equal(report with { Regions = null }, back with { Regions = null });
    }

    [SkippableFact]
    public void Region_scores_put_the_error_in_the_labelled_region_it_was_made_in()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(33); // Val 30..32
        // Wrong by +10 on every sample of the torso rows (36..47, label 3) and exact elsewhere.
        var renderer = new RecordingRenderer(i =>
        {
            byte[] f = (byte[])ds.Frames[i].Clone();
            for (int k = 36 * W * 3; k < f.Length; k++) f[k] = (byte)(f[k] + 10);
            return f;
        });
        EvalReport r = EvalRunner.Run(ds.Reader, renderer, new EvalOptions());

        Assert.NotNull(r.Regions);
        Assert.Equal(["background", "head", "neck", "torso"], r.Regions.Select(g => g.Region));
        RegionScore torso = r.Regions[3];
        Assert.Equal(20 * Math.Log10(255.0 / 10), torso.Psnr!.Value, 9);
        Assert.Equal(1.0, torso.ErrorShare, 12);
        foreach (RegionScore exact in r.Regions.Take(3))
        {
            Assert.Equal(ImageMetrics.MaxPsnrDb, exact.Psnr);
            Assert.Equal(0.0, exact.ErrorShare);
        }
        // The layout: torso 12 rows, neck 6 rows, head 18 rows x 32 columns, of 48 x 64.
        Assert.Equal([1 - 0.25 - 0.125 - 0.1875, 0.1875, 0.125, 0.25], r.Regions.Select(g => g.PixelShare));
        // A quarter of the frame at MSE 100: the full-frame PSNR agrees.
        Assert.Equal(10 * Math.Log10(255.0 * 255 / 25), r.Psnr, 9);
    }

    [SkippableFact]
    public void Region_baseline_is_the_mean_images_error_pooled_over_the_regions_pixels()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.Create(33);
        EvalReport r = EvalRunner.Run(ds.Reader, new RecordingRenderer(i => ds.Frames[i]), new EvalOptions());

        byte[] mean = ds.TrainMean();
        for (int label = 0; label < 4; label++)
        {
            double se = 0;
            long samples = 0;
            foreach (int i in new[] { 30, 31, 32 })
                for (int y = 0; y < H; y++)
                    for (int x = 0; x < W; x++)
                    {
                        if (SyntheticDataset.Label(x, y, i) != label) continue;
                        for (int c = 0; c < 3; c++)
                        {
                            int d = ds.Frames[i][(y * W + x) * 3 + c] - mean[(y * W + x) * 3 + c];
                            se += d * d;
                            samples++;
                        }
                    }
            Assert.Equal(10 * Math.Log10(255.0 * 255 / (se / samples)), r.Regions![label].BaselinePsnr!.Value, 9);
            Assert.Equal(ImageMetrics.MaxPsnrDb, r.Regions[label].Psnr);
        }
    }

    [SkippableFact]
    public void A_labels_file_shorter_than_the_manifest_is_a_data_error()
    {
        SkipWithoutFfmpeg();
        using var ds = SyntheticDataset.CreateWithLabels(33, labelFrames: 20);
        var ex = Assert.Throws<EdgeAvatarException>(() => EvalRunner.Run(ds.Reader, new RecordingRenderer(i => ds.Frames[i]), new EvalOptions()));
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
        Assert.Contains("labels", ex.Message);
    }

    /// <summary>IProgress that records synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(List<EvalProgress> into) : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value) => into.Add(value);
    }
}
