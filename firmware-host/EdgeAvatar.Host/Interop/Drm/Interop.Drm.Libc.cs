using System.Runtime.InteropServices;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    internal static partial class Drm
    {
        /// <summary>
        /// The few POSIX calls the display sinks need (open/close/ioctl/mmap/munmap/read) from glibc. ioctl is variadic in
        /// C; declaring it with one pointer argument is ABI-compatible on x86-64 and AArch64 Linux (no floating-point
        /// varargs). Errors: -1 (MAP_FAILED for mmap) with errno from <see cref="Marshal.GetLastPInvokeError"/>.
        /// </summary>
        internal static unsafe partial class Libc
        {
            private const string Library = "libc.so.6";

            internal const int O_RDWR = 0x2;
            internal const int O_CLOEXEC = 0x80000;
            internal const int PROT_READ = 0x1;
            internal const int PROT_WRITE = 0x2;
            internal const int MAP_SHARED = 0x1;
            internal const int EINTR = 4;
            internal const int EBUSY = 16;
            internal static readonly nint MapFailed = -1;

            [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
            internal static partial int Open(string path, int flags);

            [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
            internal static partial int Close(int fd);

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
}
