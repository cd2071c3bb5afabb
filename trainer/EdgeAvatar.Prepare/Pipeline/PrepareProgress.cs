using System.Diagnostics;
using System.Globalization;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Per-stage progress on a text writer (stderr): "[stage] done/total unit  rate/s  ETA". On a terminal one line is
/// rewritten in place (≤ 5 updates/s); otherwise a line is printed at most every 5 s. Disabled, every call is a no-op.
/// Thread-safe: parallel stages may report from workers.
/// </summary>
public sealed class PrepareProgress
{
    private readonly TextWriter? _out;
    private readonly bool _inPlace;
    private readonly object _lock = new();
    private string _stage = "";
    private string _unit = "";
    private long _total;
    private long _done;
    private Stopwatch _clock = new();
    private long _lastPrintMs = -1_000_000;

    public PrepareProgress(TextWriter? output, bool inPlace)
    {
        _out = output;
        _inPlace = inPlace;
    }

    public static PrepareProgress None { get; } = new(null, false);

    public static PrepareProgress ToStderr() => new(Console.Error, !Console.IsErrorRedirected);

    /// <summary>Starts a stage; <paramref name="total"/> ≤ 0 means unknown (no ETA).</summary>
    public void Begin(string stage, long total, string unit = "frames")
    {
        if (_out is null) return;
        lock (_lock)
        {
            _stage = stage;
            _unit = unit;
            _total = total;
            _done = 0;
            _clock = Stopwatch.StartNew();
            _lastPrintMs = 0;
            if (_inPlace) Print(force: true);
        }
    }

    public void Advance(long count = 1)
    {
        if (_out is null) return;
        lock (_lock)
        {
            _done += count;
            Print(force: false);
        }
    }

    public void End()
    {
        if (_out is null) return;
        lock (_lock)
        {
            Print(force: true);
            if (_inPlace) _out.WriteLine();
        }
    }

    /// <summary>A one-off message on its own line.</summary>
    public void Note(string message)
    {
        if (_out is null) return;
        lock (_lock) _out.WriteLine(message);
    }

    private void Print(bool force)
    {
        long now = _clock.ElapsedMilliseconds;
        if (!force && now - _lastPrintMs < (_inPlace ? 200 : 5000)) return;
        _lastPrintMs = now;
        double seconds = Math.Max(1e-3, now / 1000.0);
        double rate = _done / seconds;
        string text = _total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"[{_stage}] {_done}/{_total} {_unit}  {rate:F1}/s  ETA {Eta(rate)}")
            : string.Create(CultureInfo.InvariantCulture, $"[{_stage}] {_done} {_unit}  {rate:F1}/s  {seconds:F1} s");
        if (_inPlace) _out!.Write("\r" + text.PadRight(72));
        else _out!.WriteLine(text);
    }

    private string Eta(double rate)
    {
        if (_done >= _total) return "done";
        if (rate <= 0) return "?";
        double s = (_total - _done) / rate;
        return s >= 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)s / 60}m{(int)s % 60:D2}s") : string.Create(CultureInfo.InvariantCulture, $"{s:F0}s");
    }
}
