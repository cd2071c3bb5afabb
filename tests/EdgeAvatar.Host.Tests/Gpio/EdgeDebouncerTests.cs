using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

public sealed class EdgeDebouncerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(30);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void A_bounce_burst_is_reported_once_as_the_level_it_settled_on()
    {
        var debouncer = new EdgeDebouncer(Window, initialLevel: false);

        Assert.Null(debouncer.OnEdge(true, Ms(0)));
        Assert.Null(debouncer.OnEdge(false, Ms(2)));
        Assert.Null(debouncer.OnEdge(true, Ms(5)));
        Assert.Null(debouncer.OnTime(Ms(34)));            // 29 ms after the last edge: not yet stable
        DebouncedChange? change = debouncer.OnTime(Ms(35)); // 30 ms after it

        Assert.Equal(new DebouncedChange(true, Ms(5)), change);
        Assert.True(debouncer.Level);
        Assert.Null(debouncer.OnTime(Ms(1000)));
    }

    [Fact]
    public void A_glitch_shorter_than_the_window_is_ignored()
    {
        var debouncer = new EdgeDebouncer(Window, initialLevel: false);

        Assert.Null(debouncer.OnEdge(true, Ms(100)));
        Assert.Null(debouncer.OnEdge(false, Ms(110)));

        Assert.Null(debouncer.OnTime(Ms(500)));
        Assert.False(debouncer.Level);
        Assert.Null(debouncer.Deadline);
    }

    [Fact]
    public void An_edge_after_a_stable_period_first_reports_the_level_that_was_stable()
    {
        var debouncer = new EdgeDebouncer(Window, initialLevel: false);
        debouncer.OnEdge(true, Ms(0));

        // No clock tick in between (a busy line): the next edge's timestamp proves the first level was stable.
        DebouncedChange? pressed = debouncer.OnEdge(false, Ms(50));
        Assert.Null(debouncer.OnTime(Ms(79)));
        DebouncedChange? released = debouncer.OnTime(Ms(80));

        Assert.Equal(new DebouncedChange(true, Ms(0)), pressed);
        Assert.Equal(new DebouncedChange(false, Ms(50)), released);
    }

    [Fact]
    public void Repeated_edges_of_the_same_level_report_one_change()
    {
        // A missed falling edge shows up as two rising edges in a row.
        var debouncer = new EdgeDebouncer(Window, initialLevel: false);
        var changes = new List<DebouncedChange?>
        {
            debouncer.OnEdge(true, Ms(0)),
            debouncer.OnEdge(true, Ms(40)),
            debouncer.OnTime(Ms(200)),
        };

        Assert.Single(changes, c => c is not null);
        Assert.True(debouncer.Level);
    }

    [Fact]
    public void The_deadline_is_one_window_after_the_latest_edge()
    {
        var debouncer = new EdgeDebouncer(Window, initialLevel: true);
        Assert.Null(debouncer.Deadline);

        debouncer.OnEdge(false, Ms(7));
        debouncer.OnEdge(true, Ms(12));

        Assert.Equal(Ms(42), debouncer.Deadline);
    }

    [Fact]
    public void A_zero_window_reports_every_level_change_at_once()
    {
        var debouncer = new EdgeDebouncer(TimeSpan.Zero, initialLevel: false);

        Assert.Equal(new DebouncedChange(true, Ms(1)), debouncer.OnEdge(true, Ms(1)));
        Assert.Equal(new DebouncedChange(false, Ms(2)), debouncer.OnEdge(false, Ms(2)));
        Assert.Null(debouncer.OnEdge(false, Ms(3)));
    }
}
