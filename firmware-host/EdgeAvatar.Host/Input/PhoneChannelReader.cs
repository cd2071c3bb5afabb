using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// One client of the TTS phone side channel: cuts its bytes into lines ('\n', an optional '\r' before it; blank lines
/// are skipped), parses each (<see cref="PhoneLine"/>) and checks it against the previous accepted phone: a phone
/// must not start before the previous one ended (no overlap, no going back). A bad line is reported with its line
/// number and dropped; the next line is read normally. Memory is bounded: at most <see cref="PhoneLine.MaxBytes"/>
/// are held, and the rest of a longer line is skipped unread up to its newline.
/// Not thread-safe: one connection's reader owns it.
/// </summary>
public sealed class PhoneChannelReader
{
    private readonly byte[] _line = new byte[PhoneLine.MaxBytes + 1];
    private int _length;
    private bool _skipping;
    private long _lineNumber;
    private double _lastEnd = double.NegativeInfinity;

    /// <summary>Lines read so far (the number of the last complete or skipped line).</summary>
    public long Lines => _lineNumber;

    /// <summary>Forgets the previous phone, so times may start again from 0 (a new audio connection).</summary>
    public void RestartTimes() => _lastEnd = double.NegativeInfinity;

    /// <summary>Reads <paramref name="data"/>; appends the accepted phones and one reason per bad line.</summary>
    public void Read(ReadOnlySpan<byte> data, List<TimedPhone> phones, List<string> errors)
    {
        while (!data.IsEmpty)
        {
            int nl = data.IndexOf((byte)'\n');
            ReadOnlySpan<byte> part = nl < 0 ? data : data[..nl];
            if (!_skipping)
            {
                if (_length + part.Length > _line.Length)
                {
                    _skipping = true;
                    _length = 0;
                }
                else
                {
                    part.CopyTo(_line.AsSpan(_length));
                    _length += part.Length;
                }
            }
            if (nl < 0) return;
            data = data[(nl + 1)..];
            EndLine(phones, errors);
        }
    }

    /// <summary>The client left: a last line without its newline is reported and dropped (it may be cut short).</summary>
    public void Close(List<string> errors)
    {
        if (_length > 0 || _skipping) errors.Add($"line {_lineNumber + 1}: the connection ended inside it (no newline); dropped");
        _length = 0;
        _skipping = false;
    }

    private void EndLine(List<TimedPhone> phones, List<string> errors)
    {
        _lineNumber++;
        bool skipped = _skipping;
        ReadOnlySpan<byte> line = _line.AsSpan(0, _length);
        _skipping = false;
        _length = 0;
        if (skipped)
        {
            errors.Add($"line {_lineNumber}: longer than {PhoneLine.MaxBytes} bytes; dropped");
            return;
        }
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        if (line.Trim(" \t"u8).IsEmpty) return;
        if (!PhoneLine.TryParse(line, out TimedPhone phone, out string why))
        {
            errors.Add($"line {_lineNumber}: {why}; dropped");
            return;
        }
        if (phone.Start < _lastEnd - 1e-9)
        {
            errors.Add($"line {_lineNumber}: starts at {phone.Start * 1000:0.###} ms, before the previous phone ended ({_lastEnd * 1000:0.###} ms); dropped");
            return;
        }
        _lastEnd = phone.End;
        phones.Add(phone);
    }
}
