using EdgeAvatar.Testing;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Training;

/// <summary>
/// The trainer with its head field on Vulkan (lavapipe here, validation on) on the tiny real dataset: it learns as the
/// C# path does, and a run stopped and resumed carries its device-resident grids through the checkpoint. Float
/// atomics reorder sums, so GPU runs are compared by their losses, not bit for bit.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class GpuTrainingTests(TinyRun run)
{
    [SkippableFact]
    public void Gpu_head_training_reduces_the_loss_like_the_csharp_path()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        using var gpu = GpuFixture.Scope();
        string dir = run.NewDirectory("gpu");
        var (trainer, rd) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset, resume: false, null, CancellationToken.None, gpu.Device);
        var progress = new List<TrainingProgress>();
        using (trainer)
            trainer.Run(TinyRun.Preset.HeadSteps, new TinyRun.SyncProgress(progress), c => c.Write(rd.CheckpointFile), CancellationToken.None);
        Assert.StartsWith("Vulkan", trainer.Device);
        double first = progress[0].Loss, last = progress[^1].Loss;
        double cpuLast = run.Progress[TinyRun.Preset.HeadSteps - 1].Loss;
        Assert.True(last < 0.8 * first, $"GPU head loss {first:G4} → {last:G4}");
        // Same seed, same rays and frames: the end-of-stage loss lands where the C# run's does.
        Assert.True(Math.Abs(last - cpuLast) < 0.1 * cpuLast, $"GPU head loss {last:G4} vs C# {cpuLast:G4}");
        // The checkpoint holds the device's grids (they moved away from the C# run's only by rounding-level noise).
        var gpuFinal = Checkpoint.Read(rd.CheckpointFile).Parameters;
        Assert.NotEqual(0, gpuFinal.Count(v => MathF.Abs(v) > 1e-3f));
    }

    [SkippableFact]
    public void Gpu_run_resumed_mid_head_stage_continues_from_the_device_grids()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        using var gpu = GpuFixture.Scope();
        string dir = run.NewDirectory("gpu-resume");
        var (trainer, rd) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset, resume: false, null, CancellationToken.None, gpu.Device);
        using (trainer)
            trainer.Run(40, null, c => c.Write(rd.CheckpointFile), CancellationToken.None);
        var atStop = Checkpoint.Read(rd.CheckpointFile);
        Assert.Equal(40, atStop.Step);
        var (resumed, rd2) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset, resume: true, null, CancellationToken.None, gpu.Device);
        var progress = new List<TrainingProgress>();
        using (resumed)
        {
            // The resumed trainer starts from the checkpoint's grids, not from a fresh initialisation.
            Assert.Equal(atStop.Parameters, resumed.Snapshot().Parameters);
            resumed.Run(60, new TinyRun.SyncProgress(progress), c => c.Write(rd2.CheckpointFile), CancellationToken.None);
        }
        // A fresh model's loss is ~0.039 on this clip; continuing from step 40 starts well below that.
        Assert.True(progress[0].Loss < 0.9 * run.Progress[0].Loss, $"first resumed loss {progress[0].Loss:G4} vs fresh {run.Progress[0].Loss:G4}");
        Assert.Equal(60, Checkpoint.Read(rd2.CheckpointFile).Step);
    }
}
