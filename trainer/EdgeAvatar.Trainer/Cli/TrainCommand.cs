using System.CommandLine;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Render.Vulkan;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// <c>edgeavatar-train train &lt;dataset-dir&gt; -o &lt;run-dir&gt; [--preset quick|full] [--resume] [--max-steps N]
/// [--no-progress] [--device auto|cpu|vulkan|SELECTOR] [--head-steps N] [--torso-steps N] [--mouth-generator none|phones] [--variant radnerf|r2talker|ernerf] [--audio-augment none|spectral]
/// [--torso-pose raw|anchors] [--torso-behind-head-weight W] [--seed N]</c> (--torso-pose: the torso's head pose input, the raw
/// pose numbers (default, every variant) or ER-NeRF's learnable anchors projected through each frame's camera; written
/// to run.json with the model config. --torso-behind-head-weight: <see cref="TrainPreset.TorsoBehindHeadWeight"/>,
/// 0–1. --seed: <see cref="TrainPreset.Seed"/>, ≥ 0; two seeds of one recipe show the run-to-run spread). Progress (step, stage, loss, PSNR, it/s, ETA) on stderr; checkpoints every preset-defined
/// interval and at the end, so a kill loses at most that much; --resume continues from the last checkpoint.
/// Exit codes: 0 ok (also when stopped by --max-steps); 64 bad options; 65 dataset or checkpoint invalid; 66 dataset
/// or run missing; 69 the chosen Vulkan device (or, for --mouth-generator phones, the phone recogniser) is missing; 74 run directory exists (without --resume) or cannot be
/// written; 130 interrupted (the last finished step is checkpointed first).
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Argument<string>("dataset") { Description = "Dataset directory written by `prepare`." };
        var output = new Option<string>("--output", "-o") { Description = "Run directory (checkpoints, run.json).", Required = true };
        var preset = new Option<string>("--preset") { Description = "quick (2-core CPU, minutes) or full (GPU).", DefaultValueFactory = _ => "quick" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --output from its last checkpoint." };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Stop after this many steps in total (the run stays resumable)." };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress lines on stderr." };
        var device = new Option<string>("--device")
        {
            Description = "Where the head field trains: auto (a GPU if one exists, else the C# kernels), cpu, vulkan, or a Vulkan device selector.",
            DefaultValueFactory = _ => "auto",
        };
        var headSteps = new Option<int?>("--head-steps") { Description = "A new run's head-stage steps instead of the preset's (its schedule scales with it)." };
        var torsoSteps = new Option<int?>("--torso-steps") { Description = "A new run's torso-stage steps instead of the preset's." };
        var mouthGenerator = new Option<string?>("--mouth-generator")
        {
            Description = "A new run's mouth generator: none (the audio network moves the mouth) or phones (a read-out of recognised "
                + "phones fitted on the clip, stored in the model; the head then trains on the recorded mouth measures; for "
                + "--variant r2talker it predicts the landmark rows the head is conditioned on, with no forcing).",
        };
        var variant = new Option<string?>("--variant")
        {
            Description = "A new run's head: radnerf (audio-conditioned, the default), r2talker (conditioned on the recorded "
                + "landmarks; trains on the CPU only) or ernerf (tri-plane grids and region attention, audio-conditioned; trains "
                + "and renders on the CPU and on Vulkan).",
        };
        var audioAugment = new Option<string?>("--audio-augment")
        {
            Description = "A new run's audio augmentation on head steps: none (the default) or spectral (mel-axis warp, level, tilt "
                + "and a noise floor drawn per step, so the audio network hears the clip as many voices).",
        };
        var torsoPose = new Option<string?>("--torso-pose")
        {
            Description = "A new run's torso pose input: raw (the head pose numbers, the default for every variant) or anchors "
                + "(ER-NeRF's adaptive pose encoding: three learnable head-fixed points projected through each frame's camera).",
        };
        var behindHead = new Option<float?>("--torso-behind-head-weight")
        {
            Description = "A new run's weight, 0 to 1, of the torso's pull towards the background plate behind the head (default: "
                + "the preset's, 0.1). Raise it if the render shows a straight edge across the forehead; higher costs neck accuracy.",
        };
        var seed = new Option<int?>("--seed")
        {
            Description = "A new run's random seed, 0 or more (default: the preset's, 1): the initial weights and every step's draws. "
                + "Train one recipe with two seeds to see how far a figure moves from run to run.",
        };
        var command = new Command("train", "Train an avatar on a prepared dataset.")
        {
            dataset, output, preset, resume, maxSteps, noProgress, device, headSteps, torsoSteps, mouthGenerator, variant, audioAugment,
            torsoPose, behindHead, seed,
        };
        command.SetGuardedAction(TrainerCommandLine.ProgramName, (parse, ct) =>
        {
            string datasetDir = parse.GetValue(dataset)!;
            if (!Directory.Exists(datasetDir))
                throw new EdgeAvatarException(ExitCodes.NoInput, $"dataset directory {datasetDir} does not exist.");
            bool quiet = parse.GetValue(noProgress);
            int? limit = parse.GetValue(maxSteps);
            if (limit is < 0) throw new EdgeAvatarException(ExitCodes.Usage, "--max-steps must be ≥ 0.");
            int? head = parse.GetValue(headSteps), torso = parse.GetValue(torsoSteps);
            if (head is < 1 || torso is < 0) throw new EdgeAvatarException(ExitCodes.Usage, "--head-steps must be ≥ 1 and --torso-steps ≥ 0.");
            bool resuming = parse.GetValue(resume);
            string? mouth = parse.GetValue(mouthGenerator);
            if (mouth is not (null or MouthGenerators.None or MouthGenerators.Phones))
                throw new EdgeAvatarException(ExitCodes.Usage, $"unknown mouth generator '{mouth}' ({MouthGenerators.None}, {MouthGenerators.Phones}).");
            string? headVariant = parse.GetValue(variant);
            string? augment = parse.GetValue(audioAugment);
            if (augment is not (null or AudioAugmentConfig.None or AudioAugmentConfig.Spectral))
                throw new EdgeAvatarException(ExitCodes.Usage, $"unknown audio augmentation '{augment}' ({AudioAugmentConfig.None}, {AudioAugmentConfig.Spectral}).");
            string? poseInput = parse.GetValue(torsoPose);
            float? behindHeadWeight = parse.GetValue(behindHead);
            int? seedValue = parse.GetValue(seed);
            if (resuming && (head is not null || torso is not null || mouth is not null || headVariant is not null || augment is not null
                || poseInput is not null || behindHeadWeight is not null || seedValue is not null))
                throw new EdgeAvatarException(ExitCodes.Usage,
                    "--head-steps/--torso-steps/--mouth-generator/--variant/--audio-augment/--torso-pose/--torso-behind-head-weight/--seed set a new "
                    + "run's schedule; a resumed run keeps its own (its run.json can be edited before the torso stage starts).");
            var chosen = TrainPreset.ByName(parse.GetValue(preset)!);
            chosen = chosen with
            {
                HeadSteps = head ?? chosen.HeadSteps,
                TorsoSteps = torso ?? chosen.TorsoSteps,
                TorsoBehindHeadWeight = behindHeadWeight ?? chosen.TorsoBehindHeadWeight,
                Seed = seedValue ?? chosen.Seed,
            };
            // The preset's own validation holds the weight's range (0–1, NaN refused) and the seed's (≥ 0); the options
            // only name the culprit.
            string given = string.Join(" ", new[]
            {
                behindHeadWeight is null ? null : $"--torso-behind-head-weight {behindHeadWeight}",
                seedValue is null ? null : $"--seed {seedValue}",
            }.OfType<string>());
            if (given.Length > 0 && chosen.Validate() is { Count: > 0 } optionProblems)
                throw new EdgeAvatarException(ExitCodes.Usage, $"{given}: {string.Join(" ", optionProblems)}");
            // A generator moves only a head trained on the recorded measures: phones turns full forcing on.
            if (mouth == MouthGenerators.Phones)
                chosen = chosen with { MouthGenerator = mouth, MouthCodeForcing = chosen.MouthCodeForcing > 0 ? chosen.MouthCodeForcing : 1f };
            else if (mouth is not null)
                chosen = chosen with { MouthGenerator = mouth };
            if (augment is not null)
                chosen = chosen with { AudioAugment = chosen.AudioAugment with { Type = augment } };
            if (headVariant is not null)
            {
                chosen = TrainVariants.Apply(chosen, headVariant);
                if (chosen.Validate() is { Count: > 0 } problems)
                    throw new EdgeAvatarException(ExitCodes.Usage, $"--variant {headVariant}: {string.Join(" ", problems)}");
            }
            if (poseInput is not null)
                chosen = TorsoPoseInputs.Apply(chosen, poseInput);
            if (augment is not null && chosen.Validate() is { Count: > 0 } augmentProblems)
                throw new EdgeAvatarException(ExitCodes.Usage, $"--audio-augment {augment}: {string.Join(" ", augmentProblems)}");
            string runDir = parse.GetValue(output)!;
            EnsureWritable(runDir);
            string deviceName = parse.GetValue(device)!;
            // The r2talker head has no GPU training pass yet: auto means the CPU for it (an explicit Vulkan device is
            // refused with ExitCodes.Unavailable).
            if (chosen.Model.Head.IsR2Talker && deviceName.Equals(DeviceChoice.Auto, StringComparison.OrdinalIgnoreCase)) deviceName = "cpu";
            using var gpu = DeviceChoice.Open(deviceName);
            if (!quiet) Console.Error.WriteLine($"loading {datasetDir} ...");
            var (trainer, run) = TrainSession.Open(datasetDir, runDir, chosen, resuming, null, ct, gpu,
                quiet ? null : Console.Error.WriteLine);
            using var ownedTrainer = trainer;
            if (!quiet)
                Console.Error.WriteLine($"training {trainer.TotalSteps} steps from step {trainer.NextStep} on {trainer.TrainFrames.Count} frames "
                    + $"({trainer.Model.Parameters.Length:N0} parameters), head field on {trainer.Device}");
            var started = DateTime.UtcNow;
            var reporter = new TrainProgressPrinter(ProgressReporter.ToStderr(!quiet));
            try
            {
                trainer.Run(limit ?? int.MaxValue, reporter, c =>
                {
                    try { c.Write(run.CheckpointFile); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new EdgeAvatarException(ExitCodes.IoError, $"cannot write the checkpoint {run.CheckpointFile}: {e.Message}");
                    }
                }, ct);
            }
            catch (OperationCanceledException)
            {
                reporter.Finish();
                // The guard reports the interruption (exit 130); say what was kept, since a stopped run is resumable.
                Console.Error.WriteLine($"{TrainerCommandLine.ProgramName}: stopped after step {trainer.NextStep} of {trainer.TotalSteps}; "
                    + $"{run.CheckpointFile} holds it (--resume continues).");
                throw;
            }
            reporter.Finish();
            Console.Out.WriteLine($"run: {Path.GetFullPath(run.Path)}");
            Console.Out.WriteLine($"steps: {trainer.NextStep} of {trainer.TotalSteps}{(trainer.NextStep < trainer.TotalSteps ? " (resumable with --resume)" : "")}");
            Console.Out.WriteLine($"time: {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Proves the run directory writable before any work (a probe file in it, or in its parent when it is still to
    /// be created, removed at once: nothing is left behind), so an output that cannot be written is exit 74 with its
    /// reason, as in bake and prepare, not an internal error once training has started.
    /// </summary>
    private static void EnsureWritable(string runDir)
    {
        // The nearest directory that exists: the run directory itself, or the ancestor it will be created in.
        string where = Path.GetFullPath(runDir).TrimEnd('/');
        while (where.Length > 0 && !Directory.Exists(where))
        {
            if (File.Exists(where))
                throw new EdgeAvatarException(ExitCodes.IoError, $"cannot write the run directory {runDir}: {where} is a file, not a directory.");
            where = Path.GetDirectoryName(where) ?? "";
        }
        string probe = Path.Combine(where.Length == 0 ? "/" : where, $".edgeavatar-write-test-{Environment.ProcessId}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"cannot write the run directory {runDir}: {e.Message}");
        }
    }
}
