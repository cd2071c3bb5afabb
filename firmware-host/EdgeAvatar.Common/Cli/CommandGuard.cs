namespace EdgeAvatar.Common.Cli;

/// <summary>
/// Runs one command's body and turns every outcome into an exit code and, on failure, one clear line on stderr:
/// <see cref="EdgeAvatarException"/> → its own code and message; cancellation (Ctrl+C, SIGTERM) → 130;
/// anything else is a bug → "internal error" with the exception's message (stack trace only with EDGEAVATAR_DEBUG=1).
/// </summary>
public static class CommandGuard
{
    public static int Run(string program, Func<CancellationToken, int> body, CancellationToken cancellationToken)
    {
        try
        {
            return body(cancellationToken);
        }
        catch (EdgeAvatarException e)
        {
            Console.Error.WriteLine($"{program}: error: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{program}: interrupted; no output was published.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{program}: internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("EDGEAVATAR_DEBUG") == "1")
                Console.Error.WriteLine(e);
            else
                Console.Error.WriteLine($"{program}: set EDGEAVATAR_DEBUG=1 for details, and please report this.");
            return ExitCodes.Internal;
        }
    }
}
