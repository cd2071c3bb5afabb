using EdgeAvatar.Common;

namespace EdgeAvatar.Model;

/// <summary>
/// The one exception a malformed, truncated, corrupted or unsupported <c>.eavm</c> file produces. The message says
/// what is wrong, where (section, byte offset, tensor name) and, where it applies, what was expected versus found.
/// Its exit code is <see cref="ExitCodes.DataError"/> (65), so a command that lets it escape through
/// <c>CommandGuard</c> prints the message and exits 65.
/// </summary>
public sealed class EavmFormatException : EdgeAvatarException
{
    public EavmFormatException(string message, Exception? inner = null)
        : base(ExitCodes.DataError, message, inner)
    {
    }
}
