using System.Text;

namespace EdgeAvatar.Host.Service;

/// <summary>
/// Minimal daemon logger to stderr. Under systemd (stderr connected to the journal) each line is prefixed with the
/// syslog priority "&lt;N&gt;" so journald stores the severity (journalctl -p warning works) and adds its own
/// timestamp; otherwise lines read "level: message" for a human at a terminal. Messages below
/// <see cref="MinimumLevel"/> are dropped. Thread-safe: a message (every one of its lines) is written and flushed
/// under one lock, so lines from concurrent threads never interleave.
/// </summary>
public sealed class JournalLogger
{
    private readonly TextWriter _writer;
    private readonly Lock _lock = new();
    private volatile LogLevel _minimum;

    public JournalLogger(TextWriter writer, LogLevel minimumLevel, bool journalFormat)
    {
        _writer = writer;
        _minimum = minimumLevel;
        JournalFormat = journalFormat;
    }

    /// <summary>A logger to stderr, journal format when <see cref="IsUnderSystemd"/> says so.</summary>
    public static JournalLogger ForStandardError(LogLevel minimumLevel = LogLevel.Info)
        => new(Console.Error, minimumLevel, IsUnderSystemd(Environment.GetEnvironmentVariable));

    /// <summary>
    /// True when systemd started us: $JOURNAL_STREAM is set when stderr goes to the journal, $INVOCATION_ID for any
    /// unit (StandardError=journal is the default there).
    /// </summary>
    public static bool IsUnderSystemd(Func<string, string?> environment)
        => !string.IsNullOrEmpty(environment("JOURNAL_STREAM")) || !string.IsNullOrEmpty(environment("INVOCATION_ID"));

    public bool JournalFormat { get; }

    /// <summary>Lowest severity written; settable at run time (config reload).</summary>
    public LogLevel MinimumLevel
    {
        get => _minimum;
        set => _minimum = value;
    }

    /// <summary>Whether a message at <paramref name="level"/> would be written (skip building expensive messages).</summary>
    public bool IsEnabled(LogLevel level) => (int)level <= (int)_minimum;

    public void Debug(string message) => Log(LogLevel.Debug, message);

    public void Info(string message) => Log(LogLevel.Info, message);

    public void Warning(string message) => Log(LogLevel.Warning, message);

    public void Error(string message) => Log(LogLevel.Error, message);

    public void Critical(string message) => Log(LogLevel.Critical, message);

    /// <summary>
    /// Writes <paramref name="message"/>; every line of a multi-line message gets the prefix, because journald makes
    /// each line its own entry. Write failures (stderr closed) are swallowed: logging must never stop the daemon.
    /// </summary>
    public void Log(LogLevel level, string message)
    {
        if (!IsEnabled(level))
            return;
        string prefix = JournalFormat ? $"<{(int)level}>" : Name(level) + ": ";
        var text = new StringBuilder(message.Length + 16);
        foreach (string line in message.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            text.Append(prefix).Append(line).Append('\n');
        lock (_lock)
        {
            try
            {
                _writer.Write(text.ToString());
                _writer.Flush();
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The config-file spelling of a level (log.level).</summary>
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Debug => "debug",
        LogLevel.Info => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => ((int)level).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
