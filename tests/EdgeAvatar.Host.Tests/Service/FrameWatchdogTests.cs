using System.Net.Sockets;
using System.Text;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Tests.Service;

/// <summary>
/// FrameWatchdog against a fake $NOTIFY_SOCKET (a unix datagram socket bound in a temp dir) and a manual clock whose
/// timers fire inside Advance, so "no ping while stalled" is checked by draining the socket, not by waiting.
/// </summary>
public sealed class FrameWatchdogTests : IDisposable
{
    private static readonly TimeSpan WatchdogSec = TimeSpan.FromSeconds(10);

    private readonly string _dir = Directory.CreateTempSubdirectory("ea-watchdog-").FullName;
    private readonly Socket _listener;
    private readonly SystemdNotifier _notifier;
    private readonly ManualTimeProvider _clock = new();

    public FrameWatchdogTests()
    {
        string path = Path.Combine(_dir, "notify");
        _listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.ReceiveTimeout = 5000;
        _notifier = SystemdNotifier.ForSocket(path);
    }

    public void Dispose()
    {
        _notifier.Dispose();
        _listener.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Every datagram already queued (sends are synchronous, so this is everything sent so far).</summary>
    private List<string> Drain()
    {
        var messages = new List<string>();
        var buffer = new byte[4096];
        while (_listener.Poll(0, SelectMode.SelectRead))
        {
            int n = _listener.Receive(buffer);
            messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return messages;
    }

    private static void Render(FrameWatchdog watchdog, int frames)
    {
        for (int i = 0; i < frames; i++)
            watchdog.FrameRendered();
    }

    [Fact]
    public void Ready_then_a_watchdog_ping_and_fps_status_every_half_interval_while_frames_advance()
    {
        using var watchdog = new FrameWatchdog(_notifier, WatchdogSec, _clock);

        watchdog.Ready("first frame rendered");
        Assert.Equal(["READY=1\nSTATUS=first frame rendered"], Drain());

        Render(watchdog, 125);
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(Drain()); // half of WatchdogSec=10 s has not passed yet
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(["WATCHDOG=1", "STATUS=rendering, 25.0 fps, 125 frames"], Drain());

        Render(watchdog, 50);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["WATCHDOG=1", "STATUS=rendering, 10.0 fps, 175 frames"], Drain());
    }

    [Fact]
    public void A_stalled_render_loop_stops_the_pings_until_frames_resume()
    {
        using var watchdog = new FrameWatchdog(_notifier, WatchdogSec, _clock);
        watchdog.Ready();
        Render(watchdog, 10);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Drain();

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["STATUS=stalled: no frame rendered for 5.0 s"], Drain());
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Empty(Drain()); // no WATCHDOG=1 for three periods: systemd will restart us at 10 s

        Render(watchdog, 1);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Contains("WATCHDOG=1", Drain());
    }

    [Fact]
    public void Frames_rendered_before_ready_do_not_count_as_progress_after_it()
    {
        using var watchdog = new FrameWatchdog(_notifier, WatchdogSec, _clock);
        Render(watchdog, 100);
        watchdog.Ready();
        Drain();

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.DoesNotContain("WATCHDOG=1", Drain());
    }

    [Fact]
    public void Stopping_sends_stopping_and_no_ping_after_it()
    {
        using var watchdog = new FrameWatchdog(_notifier, WatchdogSec, _clock);
        watchdog.Ready();
        Drain();

        watchdog.Stopping();
        Render(watchdog, 100);
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["STOPPING=1"], Drain());
        Assert.Equal(0, _clock.ActiveTimers);
    }

    [Fact]
    public void A_reload_sends_reloading_with_monotonic_usec_then_ready_and_pings_continue_meanwhile()
    {
        using var watchdog = new FrameWatchdog(_notifier, WatchdogSec, _clock);
        watchdog.Ready();
        Drain();

        watchdog.Reloading();
        Render(watchdog, 25);
        _clock.Advance(TimeSpan.FromSeconds(5));
        watchdog.Reloaded("model 3f2a");
        List<string> messages = Drain();

        Assert.Equal(4, messages.Count);
        Assert.Matches(@"^RELOADING=1\nMONOTONIC_USEC=[1-9][0-9]*$", messages[0]);
        Assert.Equal("WATCHDOG=1", messages[1]);
        Assert.Equal("READY=1\nSTATUS=model 3f2a", messages[3]);
    }

    [Fact]
    public void Without_a_systemd_watchdog_only_status_is_sent()
    {
        using var watchdog = new FrameWatchdog(_notifier, watchdogInterval: null, _clock);
        watchdog.Ready();
        Drain();

        Render(watchdog, 50);
        _clock.Advance(FrameWatchdog.StatusOnlyPeriod);

        Assert.False(watchdog.WatchdogEnabled);
        Assert.Equal(["STATUS=rendering, 10.0 fps, 50 frames"], Drain());
    }

    [Fact]
    public void With_the_system_clock_pings_keep_arriving_while_a_render_thread_runs()
    {
        // WatchdogSec=200 ms → a ping every 100 ms while frames advance. The receive timeout is a hang guard only.
        using var watchdog = new FrameWatchdog(_notifier, TimeSpan.FromMilliseconds(200));
        using var stop = new CancellationTokenSource();
        watchdog.Ready();
        var render = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                watchdog.FrameRendered();
                Thread.Sleep(5);
            }
        });
        render.Start();

        int pings = 0;
        var buffer = new byte[4096];
        while (pings < 3)
        {
            int n = _listener.Receive(buffer);
            if (Encoding.UTF8.GetString(buffer, 0, n) == "WATCHDOG=1")
                pings++;
        }
        stop.Cancel();
        render.Join();
        watchdog.Stopping();

        Assert.Equal(3, pings);
    }
}
