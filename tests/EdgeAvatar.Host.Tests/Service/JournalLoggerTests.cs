using System.Text.RegularExpressions;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Tests.Service;

public sealed class JournalLoggerTests
{
    [Fact]
    public void Under_systemd_each_line_carries_the_syslog_priority_prefix()
    {
        var output = new StringWriter();
        var log = new JournalLogger(output, LogLevel.Debug, journalFormat: true);

        log.Debug("d");
        log.Info("i");
        log.Warning("w");
        log.Error("e");
        log.Critical("c");

        // sd-daemon(3): <7> debug, <6> info, <4> warning, <3> err, <2> crit.
        Assert.Equal("<7>d\n<6>i\n<4>w\n<3>e\n<2>c\n", output.ToString());
    }

    [Fact]
    public void A_multi_line_message_prefixes_every_line_so_journald_keeps_the_priority()
    {
        var output = new StringWriter();
        var log = new JournalLogger(output, LogLevel.Info, journalFormat: true);

        log.Error("model load failed:\r\n  bad header\n");

        Assert.Equal("<3>model load failed:\n<3>  bad header\n", output.ToString());
    }

    [Fact]
    public void At_a_terminal_lines_read_level_colon_message()
    {
        var output = new StringWriter();
        var log = new JournalLogger(output, LogLevel.Info, journalFormat: false);

        log.Warning("no audio input");
        log.Info("rendering");

        Assert.Equal("warning: no audio input\ninfo: rendering\n", output.ToString());
    }

    [Fact]
    public void Messages_below_the_minimum_level_are_dropped_and_the_level_can_change_at_run_time()
    {
        var output = new StringWriter();
        var log = new JournalLogger(output, LogLevel.Warning, journalFormat: false);

        log.Debug("hidden");
        log.Info("hidden");
        log.Error("shown");
        log.MinimumLevel = LogLevel.Debug;
        log.Debug("now shown");

        Assert.Equal("error: shown\ndebug: now shown\n", output.ToString());
        Assert.False(new JournalLogger(output, LogLevel.Error, false).IsEnabled(LogLevel.Warning));
    }

    [Theory]
    [InlineData("8:12345", null, true)]
    [InlineData(null, "0f5c2e4b9a8d4c1e8f6a7b3c2d1e0f9a", true)]
    [InlineData(null, null, false)]
    [InlineData("", "", false)]
    public void Systemd_is_detected_from_journal_stream_or_invocation_id(string? journalStream, string? invocationId, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["JOURNAL_STREAM"] = journalStream, ["INVOCATION_ID"] = invocationId };

        Assert.Equal(expected, JournalLogger.IsUnderSystemd(name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void Concurrent_writers_never_interleave_within_a_line()
    {
        var output = new StringWriter();
        var log = new JournalLogger(output, LogLevel.Info, journalFormat: true);
        const int Threads = 8, PerThread = 500;

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (int i = 0; i < PerThread; i++)
                log.Info($"thread {t} message {i}\nsecond line {t}.{i}");
        });

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Threads * PerThread * 2, lines.Length);
        for (int k = 0; k < lines.Length; k += 2)
        {
            Match first = Regex.Match(lines[k], @"^<6>thread (\d+) message (\d+)$");
            Assert.True(first.Success, lines[k]);
            // The second line of a message directly follows its first: the message was written under one lock.
            Assert.Equal($"<6>second line {first.Groups[1].Value}.{first.Groups[2].Value}", lines[k + 1]);
        }
    }
}
