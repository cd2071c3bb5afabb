namespace EdgeAvatar.Common;

/// <summary>
/// Process exit codes of every EdgeAvatar program, after BSD sysexits(3) where one fits.
/// They are part of the public interface (scripts and systemd's RestartPreventExitStatus read them):
/// never renumber one; add new codes instead. The table is repeated in docs/cli.md.
/// </summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>Unexpected internal error (a bug): the message says what failed.</summary>
    public const int Internal = 1;
    /// <summary>Command line usage error (unknown option, missing argument). sysexits EX_USAGE.</summary>
    public const int Usage = 64;
    /// <summary>Input data is malformed: corrupt model file, unreadable video, no face. sysexits EX_DATAERR.</summary>
    public const int DataError = 65;
    /// <summary>An input file does not exist or cannot be opened. sysexits EX_NOINPUT.</summary>
    public const int NoInput = 66;
    /// <summary>
    /// A required service or native library is unavailable (no Vulkan device, no ffmpeg), or a device path lacks what a
    /// model needs (the Vulkan trainer has no FiLM backward shader for an r2talker head). EX_UNAVAILABLE.
    /// </summary>
    public const int Unavailable = 69;
    /// <summary>An output could not be written (disk full, permission). sysexits EX_CANTCREAT / EX_IOERR.</summary>
    public const int IoError = 74;
    /// <summary>A temporary failure; trying again may succeed. sysexits EX_TEMPFAIL.</summary>
    public const int TempFail = 75;
    /// <summary>Configuration error (bad config file or environment). sysexits EX_CONFIG.</summary>
    public const int Config = 78;
    /// <summary>Interrupted by SIGINT/SIGTERM before finishing; outputs were not published.</summary>
    public const int Interrupted = 130;
}
