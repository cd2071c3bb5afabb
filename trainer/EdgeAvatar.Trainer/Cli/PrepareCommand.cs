using System.CommandLine;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Prepare.Pipeline;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// <c>edgeavatar-train prepare &lt;video&gt; -o &lt;dataset-dir&gt; [--size 512] [--fps 25] [--background F | --chroma C]
/// [--force] [--no-progress] [--json]</c>: turns a talking-head video into a training dataset (Dataset/DATASET.md).
/// Progress goes to stderr, the summary (or one JSON object) to stdout only on success.
/// Exit codes: 0 ok; 64 bad options; 65 bad input (not media, no video or audio stream, shorter than 5 s, no face,
/// more than one face, face lost for more than 12 consecutive frames — the ranges are listed); 66 input missing;
/// 69 ffmpeg or model files missing; 74 output exists without --force, or cannot be written (disk full, permissions);
/// 130 interrupted. On any failure no dataset directory is created or changed.
/// </summary>
public static class PrepareCommand
{
    public static Command Create()
    {
        var video = new Argument<string>("video") { Description = "Video of one person talking to a fixed camera (with sound, at least 5 s)." };
        var output = new Option<string>("--output", "-o") { Description = "Dataset directory to create.", Required = true };
        var size = new Option<int>("--size") { Description = "Side of the square output frames in pixels.", DefaultValueFactory = _ => 512 };
        var fps = new Option<int>("--fps") { Description = "Output frame rate.", DefaultValueFactory = _ => 25 };
        var background = new Option<string?>("--background") { Description = "Picture or video of the empty scene from the same camera (else estimated)." };
        var chroma = new Option<string?>("--chroma") { Description = "Chroma-key background colour, e.g. #00ff00." };
        var force = new Option<bool>("--force") { Description = "Replace an existing dataset directory (atomically, on success only)." };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress lines on stderr." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object." };
        var command = new Command("prepare", "Turn a talking-head video into a training dataset.")
        {
            video, output, size, fps, background, chroma, force, noProgress, json,
        };
        command.SetGuardedAction(TrainerCommandLine.ProgramName, (parse, ct) =>
        {
            var options = new PrepareOptions
            {
                VideoPath = parse.GetValue(video)!,
                OutputDirectory = parse.GetValue(output)!,
                Size = parse.GetValue(size),
                Fps = parse.GetValue(fps),
                BackgroundPath = parse.GetValue(background),
                ChromaColour = parse.GetValue(chroma),
                Force = parse.GetValue(force),
            };
            PrepareReport report = PreparePipeline.Run(options, parse.GetValue(noProgress) ? ProgressReporter.None : ProgressReporter.ToStderr(), ct);
            Console.Out.Write(parse.GetValue(json) ? report.ToJson() + Environment.NewLine : report.ToText());
            return 0;
        });
        return command;
    }
}
