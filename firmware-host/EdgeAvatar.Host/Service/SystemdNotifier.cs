using System.Net.Sockets;
using System.Text;

namespace EdgeAvatar.Host.Service;

/// <summary>
/// sd_notify(3) written by hand (no libsystemd): sends "READY=1", "STATUS=…", "WATCHDOG=1", "RELOADING=1",
/// "STOPPING=1" datagrams to the unix socket named by $NOTIFY_SOCKET. A leading '@' names the abstract namespace.
/// Without $NOTIFY_SOCKET (not started by systemd with Type=notify) every call is a cheap no-op, so the daemon code
/// calls it unconditionally.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Lock _sendLock = new();

    private SystemdNotifier(string? socketPath)
    {
        if (string.IsNullOrEmpty(socketPath))
            return;
        // Abstract-namespace addresses start with a NUL byte on the wire; systemd writes it as '@'.
        string address = socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath;
        _endPoint = new UnixDomainSocketEndPoint(address);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>True when a notify socket was configured.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>Creates a notifier for the current process from $NOTIFY_SOCKET.</summary>
    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    /// <summary>Creates a notifier for an explicit socket path (tests, or a supervisor other than systemd).</summary>
    public static SystemdNotifier ForSocket(string? socketPath) => new(socketPath);

    /// <summary>
    /// Watchdog interval from $WATCHDOG_USEC when $WATCHDOG_PID is unset or names this process, else null.
    /// Pings should be sent at about half this interval.
    /// </summary>
    public static TimeSpan? WatchdogInterval()
    {
        string? pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return null;
        string? usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        return long.TryParse(usec, out long us) && us > 0 ? TimeSpan.FromMicroseconds(us) : null;
    }

    public void Ready(string? status = null) => Send(status is null ? "READY=1" : $"READY=1\nSTATUS={status}");

    public void Status(string status) => Send($"STATUS={status}");

    public void Watchdog() => Send("WATCHDOG=1");

    public void Stopping() => Send("STOPPING=1");

    /// <summary>Tells systemd a reload began (Type=notify-reload wants MONOTONIC_USEC with it).</summary>
    public void Reloading()
    {
        long monotonicUs = (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));
        Send($"RELOADING=1\nMONOTONIC_USEC={monotonicUs}");
    }

    /// <summary>
    /// Sends one raw notification. Failures are swallowed: the service manager going away must never take the daemon
    /// down with it; systemd's watchdog is what notices a daemon that cannot reach it.
    /// </summary>
    public void Send(string message)
    {
        if (_socket is null || _endPoint is null)
            return;
        byte[] bytes = Encoding.UTF8.GetBytes(message);
        lock (_sendLock)
        {
            try
            {
                _socket.SendTo(bytes, _endPoint);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose() => _socket?.Dispose();
}
