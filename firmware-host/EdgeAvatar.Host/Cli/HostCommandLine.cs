using System.CommandLine;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// The <c>edgeavatar</c> command tree: the firmware host's entry point. Each subcommand lives in its own file
/// (<c>*Command.cs</c>) and is added here. Data goes to stdout, progress and errors to stderr.
/// </summary>
public static class HostCommandLine
{
    public const string ProgramName = "edgeavatar";

    public static RootCommand Build()
    {
        var root = new RootCommand("EdgeAvatar firmware host: renders a baked avatar model with Vulkan compute.");
        root.Add(InspectCommand.Create());
        root.Add(BenchKernelsCommand.Create());
        root.Add(ModelCommand.Create());
        root.Add(RunCommand.Create());
        root.Add(CtlCommand.Create());
        return root;
    }

    public static int Run(string[] args) => CommandLineRunner.Run(Build(), ProgramName, args);
}
