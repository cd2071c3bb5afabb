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

    /// <summary>PSNR of two rgb24 images computed here: 10·log10(255² / MSE).</summary>
    private static double Psnr(byte[] a, byte[] b)
    {
        double se = 0;
        for (int i = 0; i < a.Length; i++) se += (a[i] - b[i]) * (a[i] - b[i]);
        return 10 * Math.Log10(255.0 * 255 / (se / a.Length));
    }

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
            Psnr = 31.5, Ssim = 0.91, PsnrFace = 28.25, SsimFace = 0.85, Lmd = 2.5, Frames = 12,
            Baseline = new EvalScores(18, 0.6, 15, 0.4, 6.5, 12),
            RenderFps = 140, FramesRendered = 12,
        };
        using var doc = JsonDocument.Parse(report.ToJson());
        JsonElement root = doc.RootElement;
        Assert.Equal(31.5, root.GetProperty("psnr").GetDouble());
        Assert.Equal(0.91, root.GetProperty("ssim").GetDouble());
        Assert.Equal(28.25, root.GetProperty("psnr_face").GetDouble());
        Assert.Equal(0.85, root.GetProperty("ssim_face").GetDouble());
        Assert.Equal(2.5, root.GetProperty("lmd").GetDouble());
        Assert.Equal(12, root.GetProperty("frames").GetInt32());
        Assert.Equal(140, root.GetProperty("render_fps").GetDouble());
        JsonElement b = root.GetProperty("baseline");
        foreach (string key in new[] { "psnr", "ssim", "psnr_face", "ssim_face", "lmd", "frames" })
            Assert.True(b.TryGetProperty(key, out _), key);
        Assert.Equal(6.5, b.GetProperty("lmd").GetDouble());
        Assert.False(root.TryGetProperty("model", out _));
        Assert.Equal(report, EvalReport.FromJson(report.ToJson()));
    }

    /// <summary>IProgress that records synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(List<EvalProgress> into) : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value) => into.Add(value);
    }
}
