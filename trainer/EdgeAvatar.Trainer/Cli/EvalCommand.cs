using System.CommandLine;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Eval;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// <c>edgeavatar-train eval &lt;run-dir|model.eavm&gt; &lt;dataset-dir&gt; [--json F] [--video F] [--stride K]
/// [--max-frames N] [--no-lmd] [--no-phones] [--drive SPEECH]... [--drive-video F|DIR] [--mouth-source model|audio]</c>: renders the dataset's held-out
/// frames from their recorded audio and pose and reports PSNR/SSIM (full frame and face box) and LMD, each beside the
/// mean-training-image floor, and the mouth measures (<c>mouth_corr</c>, <c>mouth_amp_ratio</c>, <c>viseme_contrast</c>)
/// beside the real person's own values; each <c>--drive</c> clip adds its viseme contrast. The viseme measures need
/// the PocketSphinx phone recogniser (<c>--no-phones</c> skips them, except for a model with a mouth generator, whose
/// mouth is driven by recognised phones unless <c>--mouth-source audio</c>). Exit codes: 0 ok; 64 bad options; 65 damaged
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
        var mouthSource = new Option<string>("--mouth-source")
        {
            Description = "What moves the mouth: model (its mouth generator over recognised phones when it carries one, as `run` "
                + "does; else the audio network) audio (always the audio network, for an ablation) or recorded (the person's own measured mouth on each "
                + "frame: the oracle that shows what the head renders given the true shape). An r2talker model: model = its landmark "
                + "generator's rows, recorded = each frame's recorded landmarks.",
            DefaultValueFactory = _ => "model",
        };
        var command = new Command("eval", "Measure a trained avatar on the dataset's held-out frames.")
        {
            source, dataset, json, video, stride, maxFrames, noLmd, noPhones, drive, driveVideo, mouthSource,
        };
        command.SetGuardedAction(TrainerCommandLine.ProgramName, (parse, ct) =>
        {
            string src = parse.GetValue(source)!, dsDir = parse.GetValue(dataset)!;
            string mouthFrom = parse.GetValue(mouthSource)!;
            if (mouthFrom is not ("model" or "audio" or "recorded"))
                throw new EdgeAvatarException(ExitCodes.Usage, $"unknown mouth source '{mouthFrom}' (model, audio, recorded).");
            if (!Directory.Exists(dsDir)) throw new EdgeAvatarException(ExitCodes.NoInput, $"dataset directory {dsDir} does not exist.");
            AvatarModel model = Directory.Exists(src) ? RunModel.Load(src, out _, out _)
                : File.Exists(src) ? AvatarModelFile.Load(src)
                : throw new EdgeAvatarException(ExitCodes.NoInput, $"{src} is neither a run directory nor a model file.");
            bool recorded = mouthFrom == "recorded";
            bool landmarkHead = model.Config.Head.IsR2Talker;
            if (landmarkHead && !recorded && (mouthFrom == "audio" || model.Mouth is null))
                throw new EdgeAvatarException(ExitCodes.Usage, mouthFrom == "audio"
                    ? "an r2talker model has no audio network mouth: use --mouth-source model (its landmark generator) or recorded."
                    : "this r2talker model has no landmark generator (train it with --mouth-generator phones): use --mouth-source recorded.");
            if (recorded && !landmarkHead && model.Config.Audio.MouthTargets != MouthShapeTargets.Count)
            {
                throw new EdgeAvatarException(ExitCodes.Usage,
                    $"--mouth-source recorded needs a model trained with {MouthShapeTargets.Count} mouth targets; this one has {model.Config.Audio.MouthTargets}.");
            }
            string[] drives = parse.GetValue(drive) ?? [];
            if (recorded && drives.Length > 0)
                throw new EdgeAvatarException(ExitCodes.Usage, "--mouth-source recorded has no recording of a drive voice's mouth; leave out --drive.");
            foreach (string d in drives)
                if (!File.Exists(d)) throw new EdgeAvatarException(ExitCodes.NoInput, $"drive clip {d} does not exist.");
            var reader = DatasetReader.Load(dsDir);
            var landmarks = parse.GetValue(noLmd) ? null : MouthLandmarkDistance.Load();
            bool generator = model.Mouth is not null && mouthFrom == "model";
            // Created up front so a missing recogniser fails before minutes of rendering. A model's mouth generator
            // needs it whatever --no-phones says: without phones that model's product path cannot be rendered.
            using PhoneRecognizer? recognizer = generator || !(parse.GetValue(noPhones) || (landmarks is null && drives.Length == 0))
                ? new PhoneRecognizer() : null;
            Func<float[], IReadOnlyList<TimedPhone>>? phones = recognizer is null || (parse.GetValue(noPhones) && !generator)
                ? null : pcm => recognizer.Recognize(pcm);
            var options = new EvalOptions
            {
                Stride = parse.GetValue(stride), MaxFrames = parse.GetValue(maxFrames), SideBySidePath = parse.GetValue(video),
                Landmarks = landmarks, Phones = phones,
            };
            var reporter = ProgressReporter.ToStderr();
            var progress = new EvalProgressPrinter(reporter);
            // An r2talker head takes landmark rows: its generator's (the product path) or the recorded landmarks themselves.
            IMouthSource? mouth = landmarkHead && recorded ? null
                : recorded ? RecordedMouthSource.FromDataset(reader)
                : generator ? PhoneMouthTrack.Recognize(model.Mouth!, recognizer!, AudioDecoder.DecodeFloat(reader.PathOf(reader.Manifest.Files.AudioWav)),
                    reader.Manifest.Fps)
                : null;
            var report = EvalRunner.Run(reader, new DatasetFrameRenderer(reader, model, mouth, landmarkHead && recorded ? reader.ReadLandmarks() : null), options, progress, ct)
                with { MouthSource = recorded ? "recorded" : generator ? "generator" : "audio" };
            progress.Finish();
            if (drives.Length > 0)
            {
                var crossLandmarks = options.Landmarks ?? MouthLandmarkDistance.Load();
                var cross = new List<CrossDriveReport>();
                foreach (string speech in drives)
                {
                    reporter.Begin($"cross-drive {Path.GetFileName(speech)}", 0, "frames");
                    cross.Add(CrossDrive.Run(model, reader, speech, DriveVideoPath(parse.GetValue(driveVideo), speech, drives.Length), crossLandmarks,
                        new CountProgress(reporter), ct, phones, useMouthGenerator: generator));
                    reporter.End();
                }
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
