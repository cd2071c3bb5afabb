using System.Runtime.InteropServices;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    /// <summary>
    /// The POSIX calls .NET does not expose, from glibc: a non-blocking open (so a FIFO cannot stall the caller), statx
    /// on the open descriptor (its struct layout is the same on every Linux architecture, unlike struct stat), signal()
    /// to restore a default disposition, and what the display sinks need (ioctl, mmap, munmap, read). ioctl is
    /// variadic in C; declaring it with one pointer argument is ABI-compatible on x86-64 and AArch64 Linux (no
    /// floating-point varargs). Errors: -1 (MAP_FAILED for mmap) with errno from
    /// <see cref="Marshal.GetLastPInvokeError"/>.
    /// </summary>
    internal static unsafe partial class Libc
    {
        private const string Library = "libc.so.6";

        internal const int O_RDONLY = 0x0;
        internal const int O_RDWR = 0x2;
        internal const int O_NONBLOCK = 0x800;
        internal const int O_NOCTTY = 0x100;
        internal const int O_CLOEXEC = 0x80000;
        internal const int AT_EMPTY_PATH = 0x1000;
        internal const uint STATX_TYPE = 0x1;
        internal const uint STATX_MODE = 0x2;
        internal const uint STATX_SIZE = 0x200;
        internal const ushort S_IFMT = 0xF000;
        internal const ushort S_IFREG = 0x8000;
        internal const int SIGHUP = 1;
        internal static readonly nint SIG_DFL = 0;
        internal const int PROT_READ = 0x1;
        internal const int PROT_WRITE = 0x2;
        internal const int MAP_SHARED = 0x1;
        internal const int EINTR = 4;
        internal static readonly nint MapFailed = -1;

        /// <summary>struct statx is 256 bytes; stx_mode (u16) is at offset 28, stx_size (u64) at offset 40.</summary>
        internal const int StatxBytes = 256;
        internal const int StatxModeOffset = 28;
        internal const int StatxSizeOffset = 40;

        [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Open(string path, int flags);

        [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
        internal static partial int Close(int fd);

        [LibraryImport(Library, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

        [LibraryImport(Library, EntryPoint = "signal", SetLastError = true)]
        internal static partial nint Signal(int signal, nint handler);

        [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int Ioctl(int fd, nuint request, void* argument);

        [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
        internal static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

        [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
        internal static partial int Munmap(nint address, nuint length);

        [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
        internal static partial nint Read(int fd, void* buffer, nuint count);

        /// <summary>strerror-like text for an errno, via .NET's own table (no extra native call).</summary>
        internal static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }
}
