using System.CommandLine;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Eval;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// <c>edgeavatar-train eval &lt;run-dir|model.eavm&gt; &lt;dataset-dir&gt; [--json F] [--video F] [--stride K]
/// [--max-frames N] [--no-lmd] [--drive SPEECH [--drive-video F]]</c>: renders the dataset's held-out frames from their recorded audio and pose and
/// reports PSNR/SSIM (full frame and face box) and LMD, each beside the mean-training-image floor. Exit codes: 0 ok;
/// 64 bad options; 65 damaged model/run/dataset; 66 missing input; 74 outputs cannot be written.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("model") { Description = "A run directory or a baked .eavm." };
        var dataset = new Argument<string>("dataset") { Description = "The dataset directory (its validation frames are used)." };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." };
        var video = new Option<string?>("--video") { Description = "Write a side-by-side video (real | rendered) with audio." };
        var stride = new Option<int>("--stride") { Description = "Evaluate every K-th validation frame.", DefaultValueFactory = _ => 1 };
        var maxFrames = new Option<int?>("--max-frames") { Description = "Evaluate at most N frames." };
        var noLmd = new Option<bool>("--no-lmd") { Description = "Skip the landmark distance (faster)." };
        var drive = new Option<string?>("--drive") { Description = "Also render the avatar driven by this speech and measure mouth/energy correlation." };
        var driveVideo = new Option<string?>("--drive-video") { Description = "Write the cross-driven render here (with the speech)." };
        var command = new Command("eval", "Measure a trained avatar on the dataset's held-out frames.")
        {
            source, dataset, json, video, stride, maxFrames, noLmd, drive, driveVideo,
        };
        command.SetGuardedAction(TrainerCommandLine.ProgramName, (parse, ct) =>
        {
            string src = parse.GetValue(source)!, dsDir = parse.GetValue(dataset)!;
            if (!Directory.Exists(dsDir)) throw new EdgeAvatarException(ExitCodes.NoInput, $"dataset directory {dsDir} does not exist.");
            AvatarModel model = Directory.Exists(src) ? RunModel.Load(src, out _, out _)
                : File.Exists(src) ? AvatarModelFile.Load(src)
                : throw new EdgeAvatarException(ExitCodes.NoInput, $"{src} is neither a run directory nor a model file.");
            var reader = DatasetReader.Load(dsDir);
            var options = new EvalOptions
            {
                Stride = parse.GetValue(stride), MaxFrames = parse.GetValue(maxFrames), SideBySidePath = parse.GetValue(video),
                Landmarks = parse.GetValue(noLmd) ? null : MouthLandmarkDistance.Load(),
            };
            var reporter = ProgressReporter.ToStderr();
            var progress = new EvalProgressPrinter(reporter);
            var report = EvalRunner.Run(reader, new DatasetFrameRenderer(reader, model), options, progress, ct);
            progress.Finish();
            if (parse.GetValue(json) is string path) report.WriteJson(path);
            var b = report.Baseline;
            Console.Out.WriteLine($"frames: {report.Frames} validation frames ({report.RenderFps:F2} render fps)");
            Console.Out.WriteLine($"            model    mean-image floor");
            Console.Out.WriteLine($"psnr      {report.Psnr,7:F2}  {b.Psnr,7:F2} dB");
            Console.Out.WriteLine($"ssim      {report.Ssim,7:F4}  {b.Ssim,7:F4}");
            Console.Out.WriteLine($"psnr_face {report.PsnrFace,7:F2}  {b.PsnrFace,7:F2} dB");
            Console.Out.WriteLine($"ssim_face {report.SsimFace,7:F4}  {b.SsimFace,7:F4}");
            if (report.Lmd is double lmd) Console.Out.WriteLine($"lmd       {lmd,7:F2}  {b.Lmd,7:F2} px");
            if (report.Regions is { } regions)
            {
                Console.Out.WriteLine("region     psnr    floor  error share  pixels");
                foreach (RegionScore r in regions)
                    Console.Out.WriteLine($"{r.Region,-10} {Db(r.Psnr)}  {Db(r.BaselinePsnr)}  {r.ErrorShare,10:P1}  {r.PixelShare,6:P1}");
            }
            if (report.SideBySide is string sbs) Console.Out.WriteLine($"video: {sbs}");
            if (parse.GetValue(drive) is string speech)
            {
                reporter.Begin("cross-drive", 0, "frames");
                var cross = CrossDrive.Run(model, reader, speech, parse.GetValue(driveVideo), options.Landmarks ?? MouthLandmarkDistance.Load(),
                    new CountProgress(reporter), ct);
                reporter.End();
                Console.Out.WriteLine($"cross-driven by {cross.Audio}: {cross.Frames} frames, mouth opening vs speech energy r = "
                    + $"{cross.MouthEnergyCorrelation:F2}; mean inner-lip opening {cross.MeanOpeningSpeechPx:F1} px in speech, "
                    + $"{cross.MeanOpeningSilencePx:F1} px in silence");
                if (cross.Video is string cv) Console.Out.WriteLine($"cross-driven video: {cv}");
                if (parse.GetValue(json) is string jsonPath)
                    Common.AtomicFile.WriteAllBytes(Path.ChangeExtension(jsonPath, ".cross.json"),
                        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(cross));
            }
            return 0;
        });
        return command;
    }

    /// <summary>A region's PSNR column: dB, or a dash when no scored pixel carried the label.</summary>
    private static string Db(double? psnr) => psnr is double d ? $"{d,7:F2}" : "      -";
}
