namespace EdgeAvatar.Media;

/// <summary>The last few lines a child process wrote to stderr, kept for error messages. Thread-safe.</summary>
internal sealed class StderrTail
{
    private readonly Queue<string> _lines = new();
    private readonly int _max;

    public StderrTail(int maxLines = 12) => _max = maxLines;

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        lock (_lines)
        {
            _lines.Enqueue(line.Length > 400 ? line[..400] + "…" : line);
            while (_lines.Count > _max) _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_lines) return _lines.Count == 0 ? "(ffmpeg printed nothing)" : string.Join(Environment.NewLine, _lines);
    }
}
