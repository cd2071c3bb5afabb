using System.Net.Sockets;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>
/// The listening unix sockets of the audio source and the control server: the path appears only once the socket
/// listens, so whoever sees it can connect, and nothing is left beside it.
/// </summary>
public sealed class UnixListenSocketTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ea-uls-");

    public void Dispose() => _dir.Delete(recursive: true);

    [SkippableFact]
    public void The_path_appears_only_once_the_socket_listens()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "unix sockets with file modes are Linux-only here");
        // Bound at its path before listen(2), the socket would refuse a client that saw the path in between (a loaded
        // machine can stop the daemon's thread there): the path must not exist yet in that window.
        string path = Path.Combine(_dir.FullName, "c.sock");
        bool visible = true;
        using Socket listener = UnixListenSocket.Listen(path, 4, "test", () => visible = File.Exists(path));
        Assert.False(visible, "the path existed before the socket listened");
        using var c = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        c.Connect(new UnixDomainSocketEndPoint(path));
    }

    [SkippableFact]
    public void A_listening_socket_leaves_only_its_own_path_with_mode_0660()
    {
        if (!OperatingSystem.IsLinux()) throw new SkipException("unix file modes are checked on Linux only");
        string path = Path.Combine(_dir.FullName, "a.sock");
        using Socket listener = UnixListenSocket.Listen(path, 4, "test");
        Assert.Equal([path], Directory.GetFileSystemEntries(_dir.FullName));
        Assert.Equal(UnixListenSocket.SocketMode, File.GetUnixFileMode(path));
        using var c = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        c.Connect(new UnixDomainSocketEndPoint(path));
    }

    [SkippableFact]
    public void A_path_too_long_for_a_socket_is_a_clear_error_that_leaves_nothing_behind()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "unix sockets with file modes are Linux-only here");
        string path = Path.Combine(_dir.FullName, new string('n', 120) + ".sock");
        var e = Assert.Throws<EdgeAvatarException>(() => UnixListenSocket.Listen(path, 4, "test"));
        Assert.Equal(ExitCodes.IoError, e.ExitCode);
        Assert.Contains("Cannot listen on the test socket", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.FullName));
    }
}
