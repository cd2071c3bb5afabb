namespace EdgeAvatar.Common;

/// <summary>
/// An error the user can act on: its message is shown as is (no stack trace) and <see cref="ExitCode"/> becomes the
/// process exit code. Throw it (or a subclass) for bad input, missing dependencies and I/O failures; anything else
/// reaching the top level is a bug and exits with <see cref="ExitCodes.Internal"/>.
/// </summary>
public class EdgeAvatarException : Exception
{
    public EdgeAvatarException(int exitCode, string message, Exception? inner = null) : base(message, inner)
        => ExitCode = exitCode;

    public int ExitCode { get; }
}
