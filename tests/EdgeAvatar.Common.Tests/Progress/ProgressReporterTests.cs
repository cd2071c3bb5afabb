using System.Text.RegularExpressions;
using EdgeAvatar.Common.Progress;

namespace EdgeAvatar.Common.Tests.Progress;

/// <summary>
/// The commands' one progress reporter: a bar redrawn in place on a terminal; plain, sparse lines elsewhere.
/// Expected texts are written out by hand from the documented format.
/// </summary>
public sealed partial class ProgressReporterTests
{
    private static string[] Lines(StringWriter w) => w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Plain_output_prints_the_first_report_each_5_percent_and_not_every_report()
    {
        var w = new StringWriter();
        var clock = new ManualClock();
        var p = new ProgressReporter(w, terminal: false, clock);
        p.Begin("[track]", 100, "frames");
        for (int i = 1; i <= 100; i++)
        {
            p.Report(i);
            clock.Advance(0.01);
        }
        p.End();

        string[] lines = Lines(w);
        Assert.DoesNotContain('\r', w.ToString());
        Assert.Equal(21, lines.Length); // done = 1, then 5, 10, ..., 100; End adds nothing already shown
        Assert.StartsWith("[track]      1/100 frames   1%", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("[track]     50/100 frames  50%", lines[10], StringComparison.Ordinal);
        Assert.StartsWith("[track]    100/100 frames 100%", lines[20], StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_output_still_prints_every_line_interval_when_progress_is_slow()
    {
        var w = new StringWriter();
        var clock = new ManualClock();
        var p = new ProgressReporter(w, terminal: false, clock);
        p.Begin("step", 1000, "", "it/s");
        p.Report(1);
        clock.Advance(3);
        p.Report(2); // within the same 5 % and under the interval: no line
        clock.Advance(8);
        p.Report(3); // 11 s after the last line
        Assert.Equal(2, Lines(w).Length);
    }

    [Fact]
    public void Plain_training_lines_keep_the_format_the_device_script_parses()
    {
        // scripts/device/run.sh greps "^step +N/TOTAL " and reads the number before " it/s ".
        var w = new StringWriter();
        var clock = new ManualClock();
        var p = new ProgressReporter(w, terminal: false, clock);
        p.Begin("step", 100, "", "it/s");
        p.Report(0, "head  loss 0.03000");
        clock.Advance(6);
        p.Report(60, "head  loss 0.01000");
        string line = Lines(w)[^1];
        Assert.Matches("^step +60/100 ", line);
        Assert.Equal("10.00", RatePattern().Match(line).Groups[1].Value);
        Assert.Contains("eta 0:04", line, StringComparison.Ordinal);
        Assert.EndsWith("head  loss 0.01000", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_gets_one_line_redrawn_in_place_with_bar_percentage_rate_and_eta()
    {
        var w = new StringWriter();
        var clock = new ManualClock();
        var p = new ProgressReporter(w, terminal: true, clock, width: 100);
        p.Begin("render", 200, "frames");
        p.Report(0);
        clock.Advance(5);
        p.Report(100);
        string text = w.ToString();
        Assert.DoesNotContain('\n', text);
        string last = text[(text.LastIndexOf('\r') + 1)..];
        Assert.StartsWith("render [############............]    100/200 frames  50%  20.00 frames/s  eta 0:05", last, StringComparison.Ordinal);
        Assert.Equal(100, last.Length);
        p.End();
        Assert.EndsWith("\n", w.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_is_redrawn_at_most_every_bar_interval()
    {
        var w = new StringWriter();
        var clock = new ManualClock();
        var p = new ProgressReporter(w, terminal: true, clock);
        p.Begin("x", 1000, "frames");
        for (int i = 1; i <= 50; i++)
        {
            p.Report(i);
            clock.Advance(0.01); // 0.5 s in all: the first draw, then two more
        }
        Assert.Equal(3, w.ToString().Count(c => c == '\r'));
    }

    [Fact]
    public void A_terminal_line_is_cut_to_the_width_so_it_never_wraps()
    {
        var w = new StringWriter();
        var p = new ProgressReporter(w, terminal: true, new ManualClock(), width: 40);
        p.Begin("a-long-stage-name", 10, "frames");
        p.Report(3, "and a long detail that would wrap a narrow terminal");
        string text = w.ToString();
        Assert.Equal(40, text[(text.LastIndexOf('\r') + 1)..].Length);
    }

    [Fact]
    public void An_unknown_total_shows_the_count_the_rate_and_the_elapsed_time()
    {
        var w = new StringWriter();
        var clock = new ManualClock();
        var p = new ProgressReporter(w, terminal: false, clock);
        p.Begin("render", 0, "frames", "fps");
        p.Report(0);
        clock.Advance(12);
        p.Report(300);
        Assert.Equal("render 300 frames  25.00 fps  0:12", Lines(w)[^1]);
    }

    [Fact]
    public void A_note_closes_the_terminal_line_before_it()
    {
        var w = new StringWriter();
        var p = new ProgressReporter(w, terminal: true, new ManualClock(), width: 30);
        p.Begin("x", 10, "");
        p.Report(1);
        p.Note("kept 5 faces");
        Assert.EndsWith("\nkept 5 faces\n", w.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_disabled_reporter_writes_nothing_and_says_so()
    {
        Assert.False(ProgressReporter.None.Enabled);
        ProgressReporter.None.Begin("x", 10, "frames");
        ProgressReporter.None.Report(5);
        ProgressReporter.None.End();
    }

    [GeneratedRegex(@".* ([0-9.]+) it/s ")]
    private static partial Regex RatePattern();
}
