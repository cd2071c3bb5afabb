using System.Net.Sockets;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Creates listening unix stream sockets with mode 0660 (owner and group may connect, others may not), shared by
/// the audio socket source and the control server.
/// <para>
/// Order matters: bind → chmod 0660 → listen → rename. Connecting needs write permission on the socket file and is
/// refused until listen(2), so there is no window in which a wider umask-derived mode lets another user in. The socket
/// is bound under a hidden name in the same directory and moved to its path only once it listens, so a client that
/// sees the path (a test, a fleet script waiting for the daemon) can connect at once instead of being refused.
/// A leftover socket file from a crashed run is removed only if nothing answers on it and it is empty (a socket's
/// size is 0): a live daemon's socket, or a regular file with content at that path, is never deleted.
/// </para>
/// </summary>
internal static class UnixListenSocket
{
    public const UnixFileMode SocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <param name="bound">Called between bind(2) and listen(2) (tests look at the path in that window).</param>
    public static Socket Listen(string path, int backlog, string purpose, Action? bound = null)
    {
        if (OperatingSystem.IsWindows())
            throw new EdgeAvatarException(ExitCodes.Unavailable, $"unix: {purpose} sockets with mode 0660 need Linux.");
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot create the {purpose} socket '{full}': directory '{dir}' does not exist.");
        // Checked here, not left to bind(2): the socket is bound under a shorter staging name, and a client could not
        // reach a path longer than this.
        if (System.Text.Encoding.UTF8.GetByteCount(full) > MaxPathBytes)
            throw new EdgeAvatarException(ExitCodes.IoError,
                $"Cannot listen on the {purpose} socket '{full}': a socket path is at most {MaxPathBytes} bytes; choose a shorter one.");
        RemoveStale(full, purpose);
        // Same directory (a rename across file systems is a copy); a short name, since a socket path is limited to
        // MaxPathBytes and the final name may be short.
        string staging = Path.Combine(dir ?? "/", ".~" + Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 3).ToLowerInvariant());
        if (System.Text.Encoding.UTF8.GetByteCount(staging) > MaxPathBytes) staging = full;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(staging));
            File.SetUnixFileMode(staging, SocketMode);
            bound?.Invoke();
            socket.Listen(backlog);
            // Never replaces a path that appeared meanwhile (another daemon's socket): that is refused below.
            if (!ReferenceEquals(staging, full)) File.Move(staging, full, overwrite: false);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            socket.Dispose();
            if (!ReferenceEquals(staging, full)) Remove(staging);
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot listen on the {purpose} socket '{full}': {ex.Message}", ex);
        }
    }

    /// <summary>Longest socket path the kernel takes (sun_path is 108 bytes with its terminating NUL).</summary>
    public const int MaxPathBytes = 107;

    /// <summary>Deletes <paramref name="path"/> after use; never throws (shutdown must not fail on cleanup).</summary>
    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void RemoveStale(string full, string purpose)
    {
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            if (Directory.Exists(full)) throw new EdgeAvatarException(ExitCodes.IoError, $"The {purpose} socket path '{full}' is a directory.");
            return;
        }
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(full));
                throw new EdgeAvatarException(ExitCodes.TempFail,
                    $"The {purpose} socket '{full}' is in use by another process (is another edgeavatar running?).");
            }
            catch (SocketException)
            {
                // Nobody listening: a stale socket from a previous run (or not a socket at all; checked below).
            }
        }
        if (info.Length != 0)
            throw new EdgeAvatarException(ExitCodes.IoError, $"'{full}' exists and is not a socket; refusing to replace it with the {purpose} socket.");
        Remove(full);
    }
}
