using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Cli.Tests;

/// <summary>`edgeavatar-train bake`: a trained run bakes to a loadable model; an untrained or damaged run fails cleanly.</summary>
[Collection(TinyAvatarCollection.Name)]
public sealed class BakeCommandTests(TinyAvatarFixture fx)
{
    [SkippableFact]
    public void Bake_fp32_of_a_trained_run_loads_back_as_the_runs_model()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string path = fx.PathOf("bake32-" + Guid.NewGuid().ToString("N")[..6] + ".eavm");
        var r = ProgramRunner.Run("edgeavatar-train", "bake", fx.ReferenceRun, "-o", path, "--fp32");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("fp32", r.StdOut);
        Assert.Equal(RunModel.Load(fx.ReferenceRun, out _, out _).Parameters, AvatarModelFile.Load(path).Parameters);
    }

    [SkippableFact]
    public void Bake_of_a_run_without_checkpoint_exits_66()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string path = fx.PathOf("never.eavm");
        var r = ProgramRunner.Run("edgeavatar-train", "bake", fx.NewRun("untrained"), "-o", path);
        TrainCommandTests.AssertCleanFailure(r, 66, "checkpoint");
        Assert.False(File.Exists(path));
    }

    [SkippableFact]
    public void Bake_of_a_run_with_a_damaged_checkpoint_exits_65()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        string dir = fx.NewRun("damaged");
        byte[] ck = File.ReadAllBytes(Path.Combine(fx.ReferenceRun, Checkpoint.FileName));
        ck[ck.Length / 3] ^= 0x01;
        File.WriteAllBytes(Path.Combine(dir, Checkpoint.FileName), ck);
        string path = fx.PathOf("damaged.eavm");
        var r = ProgramRunner.Run("edgeavatar-train", "bake", dir, "-o", path);
        TrainCommandTests.AssertCleanFailure(r, 65, "damaged");
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Bake_of_a_missing_run_exits_66()
    {
        string missing = Path.Combine(Path.GetTempPath(), "ea-no-such-run-" + Guid.NewGuid().ToString("N"));
        var r = ProgramRunner.Run("edgeavatar-train", "bake", missing, "-o", missing + ".eavm");
        TrainCommandTests.AssertCleanFailure(r, 66, null);
    }

    [SkippableFact]
    public void Bake_refit_mouth_of_a_run_without_a_mouth_generator_exits_64_and_writes_nothing()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        Assert.Null(RunModel.Load(fx.ReferenceRun, out _, out _).Mouth);
        string path = fx.PathOf("refit-" + Guid.NewGuid().ToString("N")[..6] + ".eavm");
        var r = ProgramRunner.Run("edgeavatar-train", "bake", fx.ReferenceRun, "-o", path, "--refit-mouth");
        TrainCommandTests.AssertCleanFailure(r, 64, "mouth generator");
        Assert.False(File.Exists(path));
    }

    [SkippableFact]
    public void Bake_with_a_mouth_gain_of_a_run_without_a_mouth_generator_exits_64_and_writes_nothing()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        Assert.Null(RunModel.Load(fx.ReferenceRun, out _, out _).Mouth);
        string path = fx.PathOf("gain-" + Guid.NewGuid().ToString("N")[..6] + ".eavm");
        var r = ProgramRunner.Run("edgeavatar-train", "bake", fx.ReferenceRun, "-o", path, "--mouth-gain", "2");
        TrainCommandTests.AssertCleanFailure(r, 64, "mouth generator");
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4.5")]
    [InlineData("NaN")]
    public void Bake_with_a_mouth_gain_out_of_range_exits_64(string gain)
    {
        string missing = Path.Combine(Path.GetTempPath(), "ea-no-such-run-" + Guid.NewGuid().ToString("N"));
        var r = ProgramRunner.Run("edgeavatar-train", "bake", missing, "-o", missing + ".eavm", "--mouth-gain", gain);
        TrainCommandTests.AssertCleanFailure(r, 64, "--mouth-gain");
    }
}
