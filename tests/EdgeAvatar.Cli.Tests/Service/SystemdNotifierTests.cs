using System.Net.Sockets;
using System.Text;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Cli.Tests.Service;

public sealed class SystemdNotifierTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ea-notify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Socket Listen(string address)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(address));
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        int n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Fact]
    public void Notifications_arrive_as_datagrams_on_a_path_socket()
    {
        string path = Path.Combine(_dir, "notify");
        using Socket listener = Listen(path);
        using var notifier = SystemdNotifier.ForSocket(path);

        notifier.Ready("rendering");
        notifier.Watchdog();
        notifier.Reloading();
        notifier.Stopping();

        Assert.Equal("READY=1\nSTATUS=rendering", Receive(listener));
        Assert.Equal("WATCHDOG=1", Receive(listener));
        string reloading = Receive(listener);
        Assert.StartsWith("RELOADING=1\nMONOTONIC_USEC=", reloading);
        Assert.True(long.Parse(reloading.Split('=')[^1]) > 0);
        Assert.Equal("STOPPING=1", Receive(listener));
    }

    [Fact]
    public void Leading_at_sign_names_the_abstract_namespace()
    {
        string name = "edgeavatar-test-" + Guid.NewGuid().ToString("N");
        using Socket listener = Listen("\0" + name);
        using var notifier = SystemdNotifier.ForSocket("@" + name);

        notifier.Status("hello");

        Assert.Equal("STATUS=hello", Receive(listener));
    }

    [Fact]
    public void Without_a_socket_every_call_is_a_no_op()
    {
        using var notifier = SystemdNotifier.ForSocket(null);
        Assert.False(notifier.IsEnabled);
        notifier.Ready();
        notifier.Watchdog();
    }

    [Fact]
    public void A_vanished_socket_does_not_throw()
    {
        string path = Path.Combine(_dir, "gone");
        using var notifier = SystemdNotifier.ForSocket(path);
        Assert.True(notifier.IsEnabled);
        notifier.Watchdog();
    }
}
