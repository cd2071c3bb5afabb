using System.CommandLine;
using EdgeAvatar.Common;

namespace EdgeAvatar.Common.Cli;

/// <summary>
/// Parses and invokes a command tree with EdgeAvatar's conventions: parse errors exit with
/// <see cref="ExitCodes.Usage"/> (64) and a hint, rather than System.CommandLine's generic 1.
/// </summary>
public static class CommandLineRunner
{
    public static int Run(RootCommand root, string program, string[] args)
    {
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                Console.Error.WriteLine($"{program}: {error.Message}");
            Console.Error.WriteLine($"{program}: see '{program} --help'.");
            return ExitCodes.Usage;
        }
        return parse.Invoke();
    }

    /// <summary>Sets a synchronous action that runs under <see cref="CommandGuard"/>.</summary>
    public static void SetGuardedAction(this Command command, string program, Func<ParseResult, CancellationToken, int> body)
        => command.SetAction((ParseResult parse, CancellationToken ct)
            => Task.FromResult(CommandGuard.Run(program, token => body(parse, token), ct)));
}
