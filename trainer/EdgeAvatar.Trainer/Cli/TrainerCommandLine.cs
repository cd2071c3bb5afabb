using System.CommandLine;
using EdgeAvatar.Common.Cli;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// The <c>edgeavatar-train</c> command tree: prepare → train → bake → eval. Each subcommand lives in its own file
/// (<c>*Command.cs</c>) and is added here. Data goes to stdout, progress and errors to stderr.
/// </summary>
public static class TrainerCommandLine
{
    public const string ProgramName = "edgeavatar-train";

    public static RootCommand Build()
    {
        var root = new RootCommand("EdgeAvatar trainer: turns a talking video into a baked avatar model.");
        root.Add(PrepareCommand.Create());
        root.Add(TrainCommand.Create());
        root.Add(BakeCommand.Create());
        root.Add(EvalCommand.Create());
        return root;
    }

    public static int Run(string[] args) => CommandLineRunner.Run(Build(), ProgramName, args);
}
