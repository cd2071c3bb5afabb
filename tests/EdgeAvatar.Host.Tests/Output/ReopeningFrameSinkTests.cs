using EdgeAvatar.Common;
using EdgeAvatar.Host.Output;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>
/// A display that disappears mid-run (HDMI unplugged) must not stop the daemon: the failure is logged, frames are
/// dropped while it is gone, and it is re-opened when it comes back.
/// </summary>
public sealed class ReopeningFrameSinkTests
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);
    private static readonly byte[] Frame = new byte[4 * 4 * 3];

    /// <summary>Counts frames; fails every write once <see cref="Unplugged"/> is set.</summary>
    private sealed class FlakyDisplay(string name) : IFrameSink
    {
        public bool Unplugged { get; set; }
        public bool Disposed { get; private set; }
        public int Frames { get; private set; }
        public string Description => name;
        public FrameSinkStats Stats => new(Frames, 0, 0, 0);

        public ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct)
        {
            if (rgb24.Length != width * height * 3) throw new ArgumentException("bad frame");
            if (Unplugged) throw new EdgeAvatarException(ExitCodes.IoError, $"{name}: page flip failed: No such device.");
            Frames++;
            return ValueTask.CompletedTask;
        }

        public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private static ValueTask Write(IFrameSink sink) => sink.WriteFrameAsync(Frame, 4, 4, TimeSpan.Zero, CancellationToken.None);

    [Fact]
    public async Task A_display_that_fails_is_dropped_logged_and_reopened_after_the_retry_interval()
    {
        var first = new FlakyDisplay("card0");
        var second = new FlakyDisplay("card0 again");
        bool plugged = false;
        int opens = 0;
        var log = new StringWriter();
        await using var sink = new ReopeningFrameSink(first, () =>
        {
            opens++;
            return plugged ? second : throw new EdgeAvatarException(ExitCodes.Unavailable, "no connected connector");
        }, Retry, new JournalLogger(log, LogLevel.Debug, journalFormat: false));

        await Write(sink);
        first.Unplugged = true;
        await Write(sink); // fails inside: must not throw
        Assert.False(sink.Connected);
        Assert.True(first.Disposed);
        Assert.Contains("output lost", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("No such device", log.ToString(), StringComparison.Ordinal);

        await Write(sink); // within the retry interval: no attempt
        Assert.Equal(0, opens);
        await Task.Delay(Retry * 2);
        await Write(sink); // attempt fails: still unplugged
        Assert.Equal(1, opens);
        Assert.False(sink.Connected);

        plugged = true;
        await Task.Delay(Retry * 2);
        await Write(sink);
        await Write(sink);
        Assert.True(sink.Connected);
        Assert.Equal(2, second.Frames);
        Assert.Contains("output back: card0 again", log.ToString(), StringComparison.Ordinal);
        FrameSinkStats s = sink.Stats;
        Assert.Equal(3, s.Written); // 1 before the loss, 2 after
        Assert.Equal(3, s.Dropped); // the failed frame and the two while it was gone
        Assert.Equal(1, s.Errors);
    }

    [Fact]
    public async Task A_programming_error_is_not_mistaken_for_a_lost_display()
    {
        await using var sink = new ReopeningFrameSink(new FlakyDisplay("card0"), () => throw new InvalidOperationException(), Retry, null);
        await Assert.ThrowsAsync<ArgumentException>(() => sink.WriteFrameAsync(new byte[5], 4, 4, TimeSpan.Zero, CancellationToken.None).AsTask());
        Assert.True(sink.Connected);
    }
}
