using EdgeAvatar.Common;
using EdgeAvatar.Compute;

namespace EdgeAvatar.Train.Training;

/// <summary>
/// Starts or resumes a run in a run directory. A new run refuses a directory that already holds a run (use
/// --resume, or another directory): nothing the user had is overwritten. --resume reads run.json (so the preset and
/// dataset cannot silently change) and the last checkpoint. The device (C# kernels or a Vulkan device, not owned)
/// is not part of the run: a run may resume on another.
/// </summary>
public static class TrainSession
{
    public static (AvatarTrainer Trainer, RunDirectory Run) Open(string datasetDir, string runDir, string presetName,
        bool resume, IProgress<int>? loadProgress, CancellationToken ct, ComputeDevice? device = null, Action<string>? notes = null)
        => Open(datasetDir, runDir, () => TrainPreset.ByName(presetName), resume, loadProgress, ct, device, notes);

    /// <summary>
    /// As above with an explicit preset for a new run (tests and tools with their own schedule). On --resume the
    /// preset is ignored: the run continues with the one its run.json recorded.
    /// </summary>
    public static (AvatarTrainer Trainer, RunDirectory Run) Open(string datasetDir, string runDir, TrainPreset preset,
        bool resume, IProgress<int>? loadProgress, CancellationToken ct, ComputeDevice? device = null, Action<string>? notes = null)
        => Open(datasetDir, runDir, () => preset, resume, loadProgress, ct, device, notes);

    private static (AvatarTrainer Trainer, RunDirectory Run) Open(string datasetDir, string runDir, Func<TrainPreset> newPreset,
        bool resume, IProgress<int>? loadProgress, CancellationToken ct, ComputeDevice? device, Action<string>? notes)
    {
        var run = new RunDirectory(runDir);
        TrainPreset preset;
        Checkpoint? checkpoint = null;
        if (resume)
        {
            var info = run.ReadRun();
            preset = info.Preset;
            if (Path.GetFullPath(info.Dataset) != Path.GetFullPath(datasetDir))
                throw new EdgeAvatarException(ExitCodes.Usage, $"this run trains on {info.Dataset}, not {datasetDir}.");
            if (run.HasCheckpoint) checkpoint = Checkpoint.Read(run.CheckpointFile);
        }
        else
        {
            if (File.Exists(run.RunFile))
                throw new EdgeAvatarException(ExitCodes.IoError,
                    $"{runDir} already holds a training run; pass --resume to continue it, or choose another directory.");
            preset = newPreset();
            var problems = preset.Validate();
            if (problems.Count > 0) throw new global::EdgeAvatar.Kernels.KernelConfigException($"training preset '{preset.Name}'", problems);
        }
        // Fitted before the long load so a missing recogniser or a clip it cannot serve fails within seconds. It
        // depends only on the dataset, so it lives in the scene file, which eval and bake read (a resumed run has it).
        Render.Mouth.MouthGenerator? mouth = null;
        if (!resume && preset.MouthGenerator == MouthGenerators.Phones)
        {
            notes?.Invoke("mouth generator: recognising the clip's phones and choosing a front end on held-out folds ...");
            mouth = AudioNetworks.RunMouthGenerator.Fit(datasetDir, preset, notes);
            ct.ThrowIfCancellationRequested();
        }
        var data = Data.TrainingSet.Load(datasetDir, loadProgress, ct);
        var trainer = new AvatarTrainer(data, preset, checkpoint, device);
        if (!resume)
        {
            run.WriteRun(new RunInfo(preset, Path.GetFullPath(datasetDir), DateTimeOffset.UtcNow, TrainerVersion,
                data.FrameCount, [.. trainer.TrainFrames]));
            // The scene: an initial bake holding plate, tracks and camera, which eval/bake overlay with checkpoints.
            Bake.AvatarBaker.Write(trainer.Model.WithMouth(mouth), trainer.TrainFrames, new Model.EavmTrainingInfo
            {
                Dataset = Path.GetFullPath(datasetDir), Steps = 0, Date = DateTimeOffset.UtcNow, TrainerVersion = TrainerVersion,
            }, half: false, Path.Combine(runDir, RunModel.SceneFileName));
        }
        return (trainer, run);
    }

    public static string TrainerVersion =>
        typeof(TrainSession).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
