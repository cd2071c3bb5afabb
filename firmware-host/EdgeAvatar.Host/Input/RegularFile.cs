using System.Buffers.Binary;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;
using Microsoft.Win32.SafeHandles;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Opens a file a request or configuration names, refusing anything that is not a regular file of bounded size: a
/// FIFO would block open(2) or read(2) until someone writes (stalling whatever thread asked), and a device such as
/// /dev/zero reads without end. The open is non-blocking and the check is fstat-like (statx on the descriptor), so
/// the file checked is the file read, with no window for a swap in between.
/// </summary>
public static class RegularFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading if it is a regular file of at most <paramref name="maxBytes"/>;
    /// otherwise throws <see cref="EdgeAvatarException"/>: 66 when missing or unreadable, <paramref name="badCode"/>
    /// (default 65) when it is not a regular file or too large. <paramref name="what"/> names it in the message.
    /// </summary>
    public static unsafe FileStream OpenRead(string path, long maxBytes, string what, int badCode = ExitCodes.DataError)
    {
        if (!OperatingSystem.IsLinux())
        {
            var plain = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (plain.Length > maxBytes) { plain.Dispose(); throw TooLarge(path, maxBytes, what, badCode); }
            return plain;
        }
        int fd = Interop.Libc.Open(path, Interop.Libc.O_RDONLY | Interop.Libc.O_NONBLOCK | Interop.Libc.O_NOCTTY | Interop.Libc.O_CLOEXEC);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new EdgeAvatarException(ExitCodes.NoInput, $"{what} {path} cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            byte* buffer = stackalloc byte[Interop.Libc.StatxBytes];
            new Span<byte>(buffer, Interop.Libc.StatxBytes).Clear();
            if (Interop.Libc.Statx(fd, "", Interop.Libc.AT_EMPTY_PATH, Interop.Libc.STATX_TYPE | Interop.Libc.STATX_MODE | Interop.Libc.STATX_SIZE, buffer) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new EdgeAvatarException(ExitCodes.NoInput, $"{what} {path} cannot be examined: {Marshal.GetPInvokeErrorMessage(errno)}.");
            }
            var stat = new ReadOnlySpan<byte>(buffer, Interop.Libc.StatxBytes);
            ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(stat[Interop.Libc.StatxModeOffset..]);
            if ((mode & Interop.Libc.S_IFMT) != Interop.Libc.S_IFREG)
                throw new EdgeAvatarException(badCode, $"{what} {path} is not a regular file (a FIFO, device or directory); refusing it.");
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(stat[Interop.Libc.StatxSizeOffset..]);
            if (size > (ulong)maxBytes) throw TooLarge(path, maxBytes, what, badCode);
            // O_NONBLOCK has no effect on a regular file's reads, so the descriptor can be used as it is.
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads the whole file (see <see cref="OpenRead"/>); at most <paramref name="maxBytes"/> even if it grows meanwhile.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what, int badCode = ExitCodes.DataError)
    {
        using FileStream stream = OpenRead(path, maxBytes, what, badCode);
        using var copy = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            copy.Write(chunk, 0, n);
            if (copy.Length > maxBytes) throw TooLarge(path, maxBytes, what, badCode);
        }
        return copy.ToArray();
    }

    private static EdgeAvatarException TooLarge(string path, long maxBytes, string what, int badCode)
        => new(badCode, $"{what} {path} is larger than {maxBytes / 1024} KiB; refusing it.");
}
