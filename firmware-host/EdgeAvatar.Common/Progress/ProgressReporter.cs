using System.Globalization;
using System.Text;

namespace EdgeAvatar.Common.Progress;

/// <summary>
/// Progress of a long task on a text writer (stderr), the same way in every command. On a terminal one line is
/// redrawn in place at most every <see cref="BarInterval"/>: a bar, the percentage, done/total, the rate and the ETA.
/// Elsewhere (logs, CI, a pipe) it prints plain lines: the first report, each 5 % step, at least every
/// <see cref="LineInterval"/> while work goes on, and the last; so short runs give short logs and long ones still show
/// they are alive. Disabled (<see cref="None"/>), every call is a no-op. Thread-safe: workers may report in parallel.
/// <para>Rate and ETA count from the first report of a stage, so a resumed task's earlier work does not inflate
/// them. A total ≤ 0 means unknown: no bar, percentage or ETA, only the count, the rate and the elapsed time.</para>
/// </summary>
public sealed class ProgressReporter
{
    /// <summary>Shortest gap between two redraws of the terminal bar.</summary>
    public static readonly TimeSpan BarInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest gap between plain lines while progress is being reported.</summary>
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(10);

    private const int BarCells = 24;
    private readonly TextWriter? _out;
    private readonly bool _terminal;
    private readonly TimeProvider _time;
    private readonly int _width;
    private readonly object _lock = new();
    private string _label = "", _unit = "", _rateUnit = "/s";
    private string? _detail;
    private long _total, _done, _firstDone, _printedDone = -1;
    private long _firstAt, _lastPrintAt;
    private int _lastFifth = -1;
    private bool _reported, _lineOpen;

    /// <param name="output">Where to write; null disables the reporter.</param>
    /// <param name="terminal">True: redraw one line in place; false: plain lines.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    /// <param name="width">Terminal columns; the in-place line is cut to fit so that it never wraps.</param>
    public ProgressReporter(TextWriter? output, bool terminal, TimeProvider? time = null, int width = 100)
    {
        _out = output;
        _terminal = terminal;
        _time = time ?? TimeProvider.System;
        _width = Math.Max(20, width);
    }

    /// <summary>A reporter that prints nothing.</summary>
    public static ProgressReporter None { get; } = new(null, false);

    /// <summary>Stderr: a bar when stderr is a terminal, plain lines otherwise; <paramref name="enabled"/> false gives <see cref="None"/>.</summary>
    public static ProgressReporter ToStderr(bool enabled = true)
    {
        if (!enabled) return None;
        bool terminal = !Console.IsErrorRedirected;
        int width = 100;
        if (terminal)
        {
            try { width = Console.WindowWidth > 0 ? Console.WindowWidth - 1 : width; }
            catch (IOException) { }
            catch (PlatformNotSupportedException) { }
        }
        return new ProgressReporter(Console.Error, terminal, null, width);
    }

    public bool Enabled => _out is not null;

    /// <summary>Starts a stage (ends the previous one's line); <paramref name="total"/> ≤ 0 means unknown.</summary>
    /// <param name="unit">What is counted ("frames"); may be empty.</param>
    /// <param name="rateUnit">How the rate is labelled; default "<paramref name="unit"/>/s".</param>
    public void Begin(string label, long total, string unit, string? rateUnit = null)
    {
        if (_out is null) return;
        lock (_lock)
        {
            CloseLine();
            _label = label;
            _unit = unit;
            _rateUnit = rateUnit ?? (unit.Length > 0 ? unit + "/s" : "/s");
            _total = total;
            _done = 0;
            _printedDone = -1;
            _detail = null;
            _reported = false;
            _lastFifth = -1;
        }
    }

    /// <summary>Adds <paramref name="count"/> to the stage's progress.</summary>
    public void Advance(long count = 1)
    {
        if (_out is null) return;
        lock (_lock) Update(_done + count, null, force: false);
    }

    /// <summary>Sets the stage's progress to <paramref name="done"/>, with optional text after the figures.</summary>
    /// <param name="force">Print now, whatever the throttle says (an event worth a line, such as a checkpoint).</param>
    public void Report(long done, string? detail = null, bool force = false)
    {
        if (_out is null) return;
        lock (_lock) Update(done, detail, force);
    }

    /// <summary>A message on its own line (the bar, if any, is redrawn at the next report).</summary>
    public void Note(string message)
    {
        if (_out is null) return;
        lock (_lock)
        {
            CloseLine();
            _out.WriteLine(message);
        }
    }

    /// <summary>Ends the stage: its final state is shown, and the terminal line is closed.</summary>
    public void End()
    {
        if (_out is null) return;
        lock (_lock)
        {
            if (_reported && _done != _printedDone) Print(null, _time.GetTimestamp());
            CloseLine();
        }
    }

    private void Update(long done, string? detail, bool force)
    {
        long now = _time.GetTimestamp();
        if (!_reported)
        {
            _reported = true;
            _firstDone = done;
            _firstAt = now;
            force = true;
        }
        _done = done;
        _detail = detail;
        bool last = _total > 0 && done >= _total;
        TimeSpan since = _time.GetElapsedTime(_lastPrintAt, now);
        bool due;
        if (_terminal) due = since >= BarInterval;
        else
        {
            int fifth = _total > 0 ? (int)Math.Min(20, 20 * done / _total) : -1;
            due = since >= LineInterval || (fifth != _lastFifth && _total > 0);
        }
        if (due || force || last) Print(detail, now);
    }

    private void Print(string? detail, long now)
    {
        detail ??= _detail;
        _lastPrintAt = now;
        _printedDone = _done;
        if (_total > 0) _lastFifth = (int)Math.Min(20, 20 * _done / _total);
        double seconds = _time.GetElapsedTime(_firstAt, now).TotalSeconds;
        double rate = seconds > 0 ? (_done - _firstDone) / seconds : 0;
        string text = Format(rate, seconds, detail);
        if (_terminal)
        {
            if (text.Length > _width) text = text[.._width];
            _out!.Write("\r" + text.PadRight(_width));
            _lineOpen = true;
        }
        else _out!.WriteLine(text);
    }

    private string Format(double rate, double seconds, string? detail)
    {
        var b = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        if (_label.Length > 0) b.Append(_label).Append(' ');
        if (_total > 0)
        {
            double fraction = Math.Clamp((double)_done / _total, 0, 1);
            if (_terminal)
            {
                int full = (int)(fraction * BarCells);
                b.Append('[').Append('#', full).Append('.', BarCells - full).Append("] ");
            }
            b.Append(string.Create(ci, $"{_done,6}/{_total}"));
            if (_unit.Length > 0) b.Append(' ').Append(_unit);
            b.Append(string.Create(ci, $" {100 * fraction,3:F0}%"));
        }
        else
        {
            b.Append(_done.ToString(ci));
            if (_unit.Length > 0) b.Append(' ').Append(_unit);
        }
        b.Append(string.Create(ci, $"  {rate:F2} {_rateUnit}"));
        if (_total > 0) b.Append("  eta ").Append(Eta(rate));
        else b.Append("  ").Append(Clock(seconds));
        if (!string.IsNullOrEmpty(detail)) b.Append("  ").Append(detail);
        return b.ToString();
    }

    private string Eta(double rate)
    {
        if (_done >= _total) return "0:00";
        if (rate <= 0) return "?";
        return Clock((_total - _done) / rate);
    }

    private static string Clock(double seconds)
    {
        long s = (long)Math.Round(seconds);
        return s >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{s / 3600}:{s / 60 % 60:D2}:{s % 60:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:D2}");
    }

    private void CloseLine()
    {
        if (_lineOpen) _out!.WriteLine();
        _lineOpen = false;
    }
}
