using System.CommandLine;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Eval;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// <c>edgeavatar-train eval &lt;run-dir|model.eavm&gt; &lt;dataset-dir&gt; [--json F] [--video F] [--stride K]
/// [--max-frames N] [--no-lmd] [--no-phones] [--drive SPEECH]... [--drive-video F|DIR]</c>: renders the dataset's held-out
/// frames from their recorded audio and pose and reports PSNR/SSIM (full frame and face box) and LMD, each beside the
/// mean-training-image floor, and the mouth measures (<c>mouth_corr</c>, <c>mouth_amp_ratio</c>, <c>viseme_contrast</c>)
/// beside the real person's own values; each <c>--drive</c> clip adds its viseme contrast. The viseme measures need
/// the PocketSphinx phone recogniser (<c>--no-phones</c> skips them). Exit codes: 0 ok; 64 bad options; 65 damaged
/// model/run/dataset; 66 missing input; 69 phone recogniser not installed; 74 outputs cannot be written.
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
        var noPhones = new Option<bool>("--no-phones") { Description = "Skip the phone recogniser and the viseme measures." };
        var drive = new Option<string[]>("--drive")
        {
            Description = "Also render the avatar driven by this speech (repeatable) and measure its mouth.",
            DefaultValueFactory = _ => [],
        };
        var driveVideo = new Option<string?>("--drive-video")
        {
            Description = "Write the cross-driven render here (with the speech): a file for one --drive, a directory for several.",
        };
        var command = new Command("eval", "Measure a trained avatar on the dataset's held-out frames.")
        {
            source, dataset, json, video, stride, maxFrames, noLmd, noPhones, drive, driveVideo,
        };
        command.SetGuardedAction(TrainerCommandLine.ProgramName, (parse, ct) =>
        {
            string src = parse.GetValue(source)!, dsDir = parse.GetValue(dataset)!;
            if (!Directory.Exists(dsDir)) throw new EdgeAvatarException(ExitCodes.NoInput, $"dataset directory {dsDir} does not exist.");
            AvatarModel model = Directory.Exists(src) ? RunModel.Load(src, out _, out _)
                : File.Exists(src) ? AvatarModelFile.Load(src)
                : throw new EdgeAvatarException(ExitCodes.NoInput, $"{src} is neither a run directory nor a model file.");
            string[] drives = parse.GetValue(drive) ?? [];
            foreach (string d in drives)
                if (!File.Exists(d)) throw new EdgeAvatarException(ExitCodes.NoInput, $"drive clip {d} does not exist.");
            var reader = DatasetReader.Load(dsDir);
            var landmarks = parse.GetValue(noLmd) ? null : MouthLandmarkDistance.Load();
            // Created up front so a missing recogniser fails before minutes of rendering.
            using PhoneRecognizer? recognizer = parse.GetValue(noPhones) || (landmarks is null && drives.Length == 0) ? null : new PhoneRecognizer();
            Func<float[], IReadOnlyList<TimedPhone>>? phones = recognizer is null ? null : pcm => recognizer.Recognize(pcm);
            var options = new EvalOptions
            {
                Stride = parse.GetValue(stride), MaxFrames = parse.GetValue(maxFrames), SideBySidePath = parse.GetValue(video),
                Landmarks = landmarks, Phones = phones,
            };
            var last = DateTime.MinValue;
            var progress = new Progress<EvalProgress>(p =>
            {
                if ((DateTime.UtcNow - last).TotalSeconds < 2 && p.Done != p.Total) return;
                last = DateTime.UtcNow;
                Console.Error.WriteLine($"{p.Phase.ToString().ToLowerInvariant()} {p.Done}/{p.Total}");
            });
            var report = EvalRunner.Run(reader, new DatasetFrameRenderer(reader, model), options, progress, ct);
            if (drives.Length > 0)
            {
                var crossLandmarks = options.Landmarks ?? MouthLandmarkDistance.Load();
                var cross = new List<CrossDriveReport>();
                foreach (string speech in drives)
                    cross.Add(CrossDrive.Run(model, reader, speech, DriveVideoPath(parse.GetValue(driveVideo), speech, drives.Length), crossLandmarks,
                        new Progress<int>(i => { if (i % 50 == 0) Console.Error.WriteLine($"cross-drive {Path.GetFileName(speech)} {i}"); }), ct, phones));
                report = report with { Drives = cross };
            }
            if (parse.GetValue(json) is string path) report.WriteJson(path);
            EvalTable.Write(Console.Out, report);
            return 0;
        });
        return command;
    }

    /// <summary>Where the render driven by <paramref name="speech"/> goes: the path itself for one drive clip, else
    /// &lt;dir&gt;/&lt;clip name&gt;.mp4 (the directory is created).</summary>
    private static string? DriveVideoPath(string? option, string speech, int drives)
    {
        if (option is null || drives == 1) return option;
        Directory.CreateDirectory(option);
        return Path.Combine(option, Path.GetFileNameWithoutExtension(speech) + ".mp4");
    }
}
