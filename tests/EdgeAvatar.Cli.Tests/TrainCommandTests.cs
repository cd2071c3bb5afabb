using System.Diagnostics;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// `edgeavatar-train train` as a real child process: killed with SIGKILL after its first checkpoint, then
/// `--resume`d, it ends on exactly the checkpoint of an uninterrupted run; bad inputs give one clear line and their
/// documented exit code (TrainCommand's doc).
/// </summary>
[Collection(TinyAvatarCollection.Name)]
public sealed class TrainCommandTests(TinyAvatarFixture fx)
{
    [SkippableFact]
    public void Killed_run_resumes_and_ends_bit_identical_to_an_uninterrupted_run()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string dir = fx.NewRun("killed");
        string checkpoint = Path.Combine(dir, Checkpoint.FileName);
        using (var child = Start("train", fx.DatasetDirectory, "-o", dir, "--resume", "--no-progress"))
        {
            // The preset checkpoints after every step: kill as soon as the first one is there.
            var clock = Stopwatch.StartNew();
            while (!File.Exists(checkpoint) && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
            Assert.False(child.HasExited, "the run finished before it could be killed");
            child.Kill();   // SIGKILL: no handler runs
            child.WaitForExit();
        }
        int killedAt = Checkpoint.Read(checkpoint).Step;   // a kill mid-write must still leave a whole checkpoint
        Assert.InRange(killedAt, 1, TinyAvatarFixture.Preset.TotalSteps - 1);

        var r = ProgramRunner.Run("edgeavatar-train", "train", fx.DatasetDirectory, "-o", dir, "--resume", "--no-progress");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains($"steps: {TinyAvatarFixture.Preset.TotalSteps} of {TinyAvatarFixture.Preset.TotalSteps}", r.StdOut);
        Assert.Equal(File.ReadAllBytes(Path.Combine(fx.ReferenceRun, Checkpoint.FileName)), File.ReadAllBytes(checkpoint));
    }

    [SkippableFact]
    public void Max_steps_stops_early_and_the_run_stays_resumable()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string dir = fx.NewRun("maxsteps");
        var r = ProgramRunner.Run("edgeavatar-train", "train", fx.DatasetDirectory, "-o", dir, "--resume", "--max-steps", "3", "--no-progress");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("resumable", r.StdOut);
        Assert.Equal(3, Checkpoint.Read(Path.Combine(dir, Checkpoint.FileName)).Step);
    }

    [Fact]
    public void Train_on_a_missing_dataset_exits_66()
    {
        string missing = Path.Combine(Path.GetTempPath(), "ea-no-such-dataset-" + Guid.NewGuid().ToString("N"));
        var r = ProgramRunner.Run("edgeavatar-train", "train", missing, "-o", missing + "-run", "--no-progress");
        AssertCleanFailure(r, 66, Path.GetFileName(missing));
        Assert.False(Directory.Exists(missing + "-run"));
    }

    [Fact]
    public void Train_on_a_directory_that_is_not_a_dataset_exits_65_or_66()
    {
        var empty = Directory.CreateTempSubdirectory("ea-not-dataset-");
        try
        {
            File.WriteAllText(Path.Combine(empty.FullName, "notes.txt"), "hello");
            var r = ProgramRunner.Run("edgeavatar-train", "train", empty.FullName, "-o", Path.Combine(empty.FullName, "run"), "--no-progress");
            Assert.Contains(r.ExitCode, new[] { 65, 66 });
            AssertCleanFailure(r, r.ExitCode, null);
        }
        finally { empty.Delete(recursive: true); }
    }

    [SkippableFact]
    public void Train_into_an_existing_run_without_resume_exits_74_and_changes_nothing()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string runJson = Path.Combine(fx.ReferenceRun, RunDirectory.RunFileName);
        byte[] before = File.ReadAllBytes(runJson), ckBefore = File.ReadAllBytes(Path.Combine(fx.ReferenceRun, Checkpoint.FileName));
        var r = ProgramRunner.Run("edgeavatar-train", "train", fx.DatasetDirectory, "-o", fx.ReferenceRun, "--no-progress");
        AssertCleanFailure(r, 74, "--resume");
        Assert.Equal(before, File.ReadAllBytes(runJson));
        Assert.Equal(ckBefore, File.ReadAllBytes(Path.Combine(fx.ReferenceRun, Checkpoint.FileName)));
    }

    [Fact]
    public void Train_with_an_unknown_preset_exits_64()
    {
        var tmp = Directory.CreateTempSubdirectory("ea-preset-");
        try
        {
            var r = ProgramRunner.Run("edgeavatar-train", "train", tmp.FullName, "-o", Path.Combine(tmp.FullName, "run"), "--preset", "huge", "--no-progress");
            AssertCleanFailure(r, 64, "huge");
        }
        finally { tmp.Delete(recursive: true); }
    }

    [Theory]
    [InlineData("--mouth-generator", "visemes", "visemes")]
    [InlineData("--torso-pose", "landmarks", "landmarks")]
    [InlineData("--torso-behind-head-weight", "1.5", "--torso-behind-head-weight")]
    [InlineData("--torso-behind-head-weight", "-0.1", "--torso-behind-head-weight")]
    [InlineData("--torso-behind-head-weight", "NaN", "--torso-behind-head-weight")]
    [InlineData("--seed", "-1", "--seed")]
    public void A_bad_new_run_option_exits_64_and_creates_no_run(string option, string value, string mentions)
    {
        var tmp = Directory.CreateTempSubdirectory("ea-train-option-");
        try
        {
            var r = ProgramRunner.Run("edgeavatar-train", "train", tmp.FullName, "-o", Path.Combine(tmp.FullName, "run"),
                option, value, "--no-progress");
            AssertCleanFailure(r, 64, mentions);
            Assert.False(Directory.Exists(Path.Combine(tmp.FullName, "run")));
        }
        finally { tmp.Delete(recursive: true); }
    }

    [SkippableFact]
    public void A_new_runs_torso_behind_head_weight_is_written_to_its_run_json()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var tmp = Directory.CreateTempSubdirectory("ea-behind-head-run-");
        try
        {
            string dir = Path.Combine(tmp.FullName, "run");
            var r = ProgramRunner.Run("edgeavatar-train", "train", fx.DatasetDirectory, "-o", dir, "--max-steps", "0",
                "--torso-behind-head-weight", "0.5", "--no-progress");
            Assert.True(r.ExitCode == 0, r.StdErr);
            Assert.Equal(0.5f, new RunDirectory(dir).ReadRun().Preset.TorsoBehindHeadWeight);
            Assert.NotEqual(0.5f, TrainPreset.Quick.TorsoBehindHeadWeight);   // else the check above proves nothing
        }
        finally { tmp.Delete(recursive: true); }
    }

    [SkippableFact]
    public void A_new_runs_seed_is_written_to_its_run_json_and_fixes_its_weights()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var tmp = Directory.CreateTempSubdirectory("ea-seed-run-");
        try
        {
            // One step: the weights after it depend on the seed twice, through the initial weights and the step's draws.
            float[] Weights(string name, params string[] extra)
            {
                string dir = Path.Combine(tmp.FullName, name);
                var r = ProgramRunner.Run("edgeavatar-train", ["train", fx.DatasetDirectory, "-o", dir, "--max-steps", "1", "--no-progress", .. extra]);
                Assert.True(r.ExitCode == 0, r.StdErr);
                return Checkpoint.Read(new RunDirectory(dir).CheckpointFile).Parameters;
            }
            float[] seven = Weights("seven", "--seed", "7"), sevenAgain = Weights("seven-again", "--seed", "7"), preset = Weights("preset");
            Assert.Equal(7, new RunDirectory(Path.Combine(tmp.FullName, "seven")).ReadRun().Preset.Seed);
            Assert.Equal(seven, sevenAgain);          // a seed fixes the weights...
            Assert.NotEqual(seven, preset);           // ...and another seed gives others
            Assert.NotEqual(7, TrainPreset.Quick.Seed);
        }
        finally { tmp.Delete(recursive: true); }
    }

    [SkippableTheory]
    [InlineData("--mouth-generator", "phones")]
    [InlineData("--seed", "2")]
    public void Resume_with_a_new_run_option_exits_64_and_leaves_the_run_as_it_was(string option, string value)
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string runJson = Path.Combine(fx.ReferenceRun, RunDirectory.RunFileName);
        byte[] before = File.ReadAllBytes(runJson);
        var r = ProgramRunner.Run("edgeavatar-train", "train", fx.DatasetDirectory, "-o", fx.ReferenceRun, "--resume",
            option, value, "--no-progress");
        AssertCleanFailure(r, 64, option);
        Assert.Equal(before, File.ReadAllBytes(runJson));
    }

    /// <summary>Exit code, empty stdout, one "edgeavatar-train: error:" line on stderr, no stack trace.</summary>
    internal static void AssertCleanFailure(ProgramRunner.Result r, int code, string? mentions, string program = "edgeavatar-train")
    {
        Assert.True(code == r.ExitCode, $"exit {r.ExitCode}, expected {code}; stderr: {r.StdErr}");
        Assert.Equal("", r.StdOut);
        string[] lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, "stderr: " + r.StdErr);
        Assert.StartsWith(program + ": error:", lines[0]);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.DoesNotContain("Exception", r.StdErr);
        if (mentions is not null) Assert.Contains(mentions, r.StdErr);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edgeavatar-train.dll"));
        foreach (string a in args) info.ArgumentList.Add(a);
        var p = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        // Drain both pipes so the child never blocks on a full pipe.
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
