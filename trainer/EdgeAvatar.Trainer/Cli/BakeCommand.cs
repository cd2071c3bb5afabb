using System.CommandLine;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.AudioNetworks;
using EdgeAvatar.Train.Bake;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// <c>edgeavatar-train bake &lt;run-dir&gt; -o model.eavm [--fp32]</c>: writes the run's last checkpoint as one
/// checksummed model file (fp16 grids and weights unless --fp32); --mouth-gain G sets the mouth generator's gain;
/// --refit-mouth fits the run's mouth generator again on its dataset with this build's phone recogniser (the run
/// itself is not changed). Exit codes: 0 ok; 64 bad options; 65 run or checkpoint damaged; 66 run or its dataset
/// missing, or not trained yet; 69 recogniser missing (--refit-mouth); 74 output cannot be written (written atomically).
/// </summary>
public static class BakeCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run directory written by `train`." };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write (.eavm).", Required = true };
        var fp32 = new Option<bool>("--fp32") { Description = "Keep full precision (about twice the size)." };
        var mouthGain = new Option<float?>("--mouth-gain")
        {
            Description = $"Multiply the mouth generator's output by G ({MouthGenerator.MinGain}..{MouthGenerator.MaxGain}; "
                + "only for a run trained with --mouth-generator): above 1 the mouth opens and closes further.",
        };
        var refitMouth = new Option<bool>("--refit-mouth")
        {
            Description = "Fit the mouth generator again on the run's dataset with this build's phone recogniser (for a run "
                + "trained with --mouth-generator before the recogniser changed; the head does not depend on it).",
        };
        var command = new Command("bake", "Bake a training run into one model file.") { run, output, fp32, mouthGain, refitMouth };
        command.SetGuardedAction(TrainerCommandLine.ProgramName, (parse, ct) =>
        {
            string runDir = parse.GetValue(run)!, path = parse.GetValue(output)!;
            float? gain = parse.GetValue(mouthGain);
            if (gain is float g && !(g >= MouthGenerator.MinGain && g <= MouthGenerator.MaxGain))
                throw new EdgeAvatarException(ExitCodes.Usage, $"--mouth-gain {g} is outside {MouthGenerator.MinGain}..{MouthGenerator.MaxGain}.");
            if (!Directory.Exists(runDir)) throw new EdgeAvatarException(ExitCodes.NoInput, $"run directory {runDir} does not exist.");
            var model = RunModel.Load(runDir, out var info, out int steps);
            if (parse.GetValue(refitMouth))
            {
                if (model.Mouth is null)
                    throw new EdgeAvatarException(ExitCodes.Usage, $"--refit-mouth: the run in {runDir} has no mouth generator (train it with --mouth-generator phones).");
                if (!Directory.Exists(info.Dataset))
                    throw new EdgeAvatarException(ExitCodes.NoInput, $"--refit-mouth: the run's dataset {info.Dataset} does not exist.");
                var refitted = RunMouthGenerator.Fit(info.Dataset, info.Preset, line => Console.Error.WriteLine(line));
                model = model.WithMouth(refitted with { Gain = model.Mouth.Gain });
            }
            if (gain is float set)
            {
                if (model.Mouth is null)
                    throw new EdgeAvatarException(ExitCodes.Usage, $"--mouth-gain: the run in {runDir} has no mouth generator (train it with --mouth-generator phones).");
                model = model.WithMouth(model.Mouth with { Gain = set });
            }
            AvatarBaker.Write(model, [0], new EavmTrainingInfo
            {
                Dataset = info.Dataset, Steps = steps, Date = DateTimeOffset.UtcNow, TrainerVersion = TrainSession.TrainerVersion,
            }, half: !parse.GetValue(fp32), path);
            Console.Out.WriteLine($"model: {Path.GetFullPath(path)} ({new FileInfo(path).Length / 1048576.0:F2} MiB, {steps} steps, {(parse.GetValue(fp32) ? "fp32" : "fp16")})");
            return 0;
        });
        return command;
    }
}
