using EdgeAvatar.Common;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Training;

/// <summary>
/// The trainer on a real (tiny) dataset: the loss goes down, a seed fixes the run bit for bit, and a run stopped
/// and resumed from its checkpoint (mid head stage and mid torso stage) ends exactly where an uninterrupted run does.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class AvatarTrainerTests(TinyRun run)
{
    [SkippableFact]
    public void Training_reduces_the_photometric_loss()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var head = run.Progress.Where(p => p.Stage == "head").ToList();
        var torso = run.Progress.Where(p => p.Stage == "torso").ToList();
        Assert.Equal(TinyRun.Preset.HeadSteps, head.Count);
        Assert.Equal(TinyRun.Preset.TorsoSteps, torso.Count);
        // Step 1's loss is the untrained head's MSE; the smoothed loss at the end of the head stage must be clearly below it.
        double first = head[0].Loss, last = head[^1].Loss;
        Assert.True(last < 0.8 * first, $"head loss {first:G4} → {last:G4}: " + string.Join(" ", run.Progress.Select(p => p.Loss.ToString("G3"))));
        Assert.All(run.Progress, p => Assert.True(double.IsFinite(p.Loss) && p.Loss >= 0));
        Assert.Equal(Enumerable.Range(1, TinyRun.Preset.TotalSteps), run.Progress.Select(p => p.Step));
        Assert.True(run.Progress[^1].Checkpointed);
    }

    [SkippableFact]
    public void Same_seed_gives_a_bit_identical_checkpoint()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string dir = run.NewDirectory("again");
        var (trainer, rd) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset, resume: false, null, CancellationToken.None);
        trainer.Run(int.MaxValue, null, c => c.Write(rd.CheckpointFile), CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(Path.Combine(run.RunDirectory, Checkpoint.FileName)), File.ReadAllBytes(rd.CheckpointFile));
    }

    [SkippableFact]
    public void Another_seed_gives_another_model()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string dir = run.NewDirectory("seed");
        var (trainer, _) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset with { Seed = 4 }, resume: false, null, CancellationToken.None);
        trainer.Run(5, null, _ => { }, CancellationToken.None);
        var (reference, _) = TrainSession.Open(run.DatasetDirectory, run.NewDirectory("seed3"), TinyRun.Preset, resume: false, null, CancellationToken.None);
        reference.Run(5, null, _ => { }, CancellationToken.None);
        Assert.NotEqual(reference.Model.Parameters, trainer.Model.Parameters);
    }

    [SkippableFact]
    public void Resumed_run_ends_bit_identical_to_an_uninterrupted_one()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string dir = run.NewDirectory("resume");
        // Stop at 17 (after two occupancy refreshes, mid head stage), then at 64 (mid torso stage), then finish.
        var (trainer, rd) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset, resume: false, null, CancellationToken.None);
        trainer.Run(17, null, c => c.Write(rd.CheckpointFile), CancellationToken.None);
        Assert.Equal(17, Checkpoint.Read(rd.CheckpointFile).Step);
        foreach (int stop in new[] { 64, int.MaxValue })
        {
            // A different preset passed on resume must be ignored: the run's run.json rules.
            var (resumed, rd2) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset with { Seed = 99 }, resume: true, null, CancellationToken.None);
            Assert.True(resumed.NextStep > 0);
            resumed.Run(stop, null, c => c.Write(rd2.CheckpointFile), CancellationToken.None);
        }
        Assert.Equal(TinyRun.Preset.TotalSteps, Checkpoint.Read(rd.CheckpointFile).Step);
        Assert.Equal(File.ReadAllBytes(Path.Combine(run.RunDirectory, Checkpoint.FileName)), File.ReadAllBytes(rd.CheckpointFile));
    }

    [SkippableFact]
    public void New_run_refuses_a_directory_that_holds_a_run()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        byte[] before = File.ReadAllBytes(Path.Combine(run.RunDirectory, RunDirectory.RunFileName));
        var e = Assert.Throws<EdgeAvatarException>(() =>
            TrainSession.Open(run.DatasetDirectory, run.RunDirectory, TinyRun.Preset, resume: false, null, CancellationToken.None));
        Assert.Equal(ExitCodes.IoError, e.ExitCode);
        Assert.Contains("--resume", e.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run.RunDirectory, RunDirectory.RunFileName)));
    }

    [SkippableFact]
    public void Resume_on_another_dataset_is_a_usage_error()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var e = Assert.Throws<EdgeAvatarException>(() =>
            TrainSession.Open(run.Directory, run.RunDirectory, TinyRun.Preset, resume: true, null, CancellationToken.None));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [SkippableFact]
    public void Stopped_run_checkpoints_its_last_finished_step_and_resumes_bit_identical()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string dir = run.NewDirectory("stop");
        var (trainer, rd) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset, resume: false, null, CancellationToken.None);
        // The preset checkpoints only at the end (CheckpointSeconds 1e9): what is on disk after the stop is the stop's.
        using var stop = new CancellationTokenSource();
        var progress = new CallbackProgress(p => { if (p.Step == 23) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run(int.MaxValue, progress, c => c.Write(rd.CheckpointFile), stop.Token));
        Assert.Equal(23, Checkpoint.Read(rd.CheckpointFile).Step);
        var (resumed, rd2) = TrainSession.Open(run.DatasetDirectory, dir, TinyRun.Preset, resume: true, null, CancellationToken.None);
        resumed.Run(int.MaxValue, null, c => c.Write(rd2.CheckpointFile), CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(Path.Combine(run.RunDirectory, Checkpoint.FileName)), File.ReadAllBytes(rd.CheckpointFile));
    }

    private sealed class CallbackProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
