using System.Diagnostics;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Model;
using EdgeAvatar.Prepare.Pipeline;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.TestSupport;
using EdgeAvatar.Train.Bake;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// For the train/bake/run CLI tests: a tiny real dataset (the real prepare on seconds 4..10 of the German anchor
/// sample at 128²), a fully trained run of <see cref="Preset"/> (in-process, the uninterrupted reference), its fp16
/// bake (tiny.eavm) and 1.2 s of the JFK drive clip (2 s took 37 s to render on the shared 2-core machine).
/// CLI runs of a tiny schedule use `train --resume` on a run directory made in-process with <see cref="NewRun"/>,
/// since --resume takes the preset from run.json.
/// </summary>
public sealed class TinyAvatarFixture : IDisposable
{
    /// <summary>26 steps (20 head, 6 torso) of 256 rays on a small model, a checkpoint after every step.</summary>
    public static TrainPreset Preset { get; } = TinyPresets.Train("tiny-cli-test", headSteps: 20, torsoSteps: 6, checkpointSeconds: 0, seed: 5);

    public TinyAvatarFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ea-cli-avatar-").FullName;
        string? clip = FindUp(Path.Combine("samples", "train", "german_anchor_20s_512.mp4"));
        string? drive = FindUp(Path.Combine("samples", "drive", "en_male_jfk_11s.flac"));
        Available = clip is not null && drive is not null && File.Exists(Prepare.Landmarks.ShapePredictorModel.DebianModelPath)
            && File.Exists(Prepare.Detection.HaarCascade.DebianFrontalFaceAlt2) && Run("ffmpeg", "-version") && Run("ffprobe", "-version");
        if (!Available) return;
        string cut = PathOf("cut6.mp4");
        Ffmpeg($"-ss 4 -t 6 -i \"{clip}\" -c:v libx264 -preset ultrafast -crf 18 -c:a aac \"{cut}\"");
        DriveAudio = PathOf("drive.flac");
        Ffmpeg($"-t 1.2 -i \"{drive}\" -c:a flac \"{DriveAudio}\"");
        DatasetDirectory = PathOf("dataset");
        PreparePipeline.Run(new PrepareOptions { VideoPath = cut, OutputDirectory = DatasetDirectory, Size = 128 },
            ProgressReporter.None, CancellationToken.None);

        ReferenceRun = NewRun("reference");
        var (trainer, run) = TrainSession.Open(DatasetDirectory, ReferenceRun, Preset, resume: true, null, CancellationToken.None);
        trainer.Run(int.MaxValue, null, c => c.Write(run.CheckpointFile), CancellationToken.None);
        var model = RunModel.Load(ReferenceRun, out _, out int steps);
        ModelPath = PathOf("tiny.eavm");
        AvatarBaker.Write(model, [0], new EavmTrainingInfo
        {
            Dataset = DatasetDirectory, Steps = steps, Date = DateTimeOffset.UtcNow, TrainerVersion = "test",
        }, half: true, ModelPath);
    }

    public bool Available { get; }
    public string Directory { get; }
    public string DatasetDirectory { get; } = "";
    public string ReferenceRun { get; } = "";
    public string ModelPath { get; } = "";
    public string DriveAudio { get; } = "";

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>A new run directory of <see cref="Preset"/> on the dataset (run.json + scene.eavm, no checkpoint).</summary>
    public string NewRun(string name)
    {
        string dir = PathOf(name + "-" + Guid.NewGuid().ToString("N")[..6]);
        TrainSession.Open(DatasetDirectory, dir, Preset, resume: false, null, CancellationToken.None);
        return dir;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Runs ffmpeg quietly; throws when it fails (the fixture cannot go on).</summary>
    public static void Ffmpeg(string args)
    {
        if (!Run("ffmpeg", "-v error -nostdin -y " + args)) throw new InvalidOperationException("ffmpeg failed: " + args);
    }

    /// <summary>Runs a program; its stdout when it exits 0, else null.</summary>
    public static string? Capture(string program, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null) return null;
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            _ = err.Result;
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    private static bool Run(string program, string args) => Capture(program, args) is not null;

    public static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        return null;
    }
}
