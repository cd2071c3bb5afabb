using System.ComponentModel;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Deploy;

/// <summary>
/// The few POSIX calls the model store needs that .NET does not expose with the exact semantics required:
/// <c>rename(2)</c> (one atomic step that replaces a symlink without following it), <c>fsync(2)</c> on a directory
/// (makes a rename durable; .NET cannot open a directory as a FileStream) and <c>kill(2)</c>.
/// Classic DllImport with blittable/ANSI-string signatures only, so no unsafe code is needed; constants used are the
/// same on x86-64 and arm64 Linux (O_RDONLY = 0, SIGHUP = 1), so no per-architecture tables.
/// </summary>
internal static class PosixFs
{
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000; // same value on x86-64 and aarch64 (asm-generic)
    public const int SigHup = 1;
    public const int Esrch = 3;
    public const int Eperm = 1;

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int SysRename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int SysOpen([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int SysFsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int SysClose(int fd);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    /// <summary>
    /// rename(2): atomically makes <paramref name="newPath"/> name what <paramref name="oldPath"/> named. If
    /// <paramref name="newPath"/> is a symlink, the link itself is replaced (never its target), and every reader sees
    /// either the old or the new link, never a missing one. Both paths must be on the same filesystem.
    /// Called directly rather than through File.Move(overwrite: true), which does call rename(2) on Linux today but
    /// first checks that the source "file" exists with rules for symlinks-to-directories that are an implementation
    /// detail; this is the one call whose semantics the crash-safety argument rests on.
    /// </summary>
    public static void Rename(string oldPath, string newPath)
    {
        if (SysRename(oldPath, newPath) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new EdgeAvatarException(ExitCodes.IoError,
                $"cannot rename '{oldPath}' to '{newPath}': {new Win32Exception(errno).Message}");
        }
    }

    /// <summary>fsync(2) on a directory, so that entries created or renamed in it survive a power cut.</summary>
    public static void FsyncDirectory(string directory)
    {
        int fd = SysOpen(directory, ORdOnly | OCloExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new EdgeAvatarException(ExitCodes.IoError,
                $"cannot open directory '{directory}' to sync it: {new Win32Exception(errno).Message}");
        }
        try
        {
            if (SysFsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new EdgeAvatarException(ExitCodes.IoError,
                    $"cannot sync directory '{directory}': {new Win32Exception(errno).Message}");
            }
        }
        finally
        {
            _ = SysClose(fd);
        }
    }

    /// <summary>kill(2); returns 0 or the errno (ESRCH: no such process, EPERM: not allowed).</summary>
    public static int Kill(int pid, int signal)
        => SysKill(pid, signal) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
