using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// Decoder for dlib's portable serialization (serialize.h, float_details.h) over an in-memory file. Every primitive is
/// bounds-checked and any malformed or truncated input raises <see cref="ShapePredictorFormatException"/> with the
/// byte offset, so a corrupt model never yields garbage numbers or an IndexOutOfRangeException.
/// </summary>
internal sealed class DlibStreamReader
{
    private readonly byte[] _data;
    private readonly string _source;

    public DlibStreamReader(byte[] data, string source)
    {
        _data = data;
        _source = source;
    }

    public long Position { get; private set; }

    public bool AtEnd => Position == _data.Length;

    /// <summary>Unsigned integer: control byte whose low nibble is the byte count (the 0x80 bit must be clear).</summary>
    public ulong ReadUnsigned()
    {
        long at = Position;
        byte c = NextByte();
        int n = c & 0x8F;
        if (n > 8)
        {
            throw Fail(at, $"bad unsigned integer control byte 0x{c:X2}");
        }
        return ReadMagnitude(n, at);
    }

    /// <summary>Signed integer: control byte with 0x80 = negative and low nibble = byte count, then the magnitude.</summary>
    public long ReadSigned()
    {
        long at = Position;
        byte c = NextByte();
        int n = c & 0x0F;
        if (n > 8)
        {
            throw Fail(at, $"bad signed integer control byte 0x{c:X2}");
        }
        ulong mag = ReadMagnitude(n, at);
        if (mag > long.MaxValue)
        {
            throw Fail(at, "signed integer out of range");
        }
        return (c & 0x80) != 0 ? -(long)mag : (long)mag;
    }

    /// <summary>A count or index that must fit the given bound (guards allocations against corrupt sizes).</summary>
    public int ReadCount(long max, string what)
    {
        long at = Position;
        ulong v = ReadUnsigned();
        if (v > (ulong)max)
        {
            throw Fail(at, $"{what} {v} exceeds the limit {max}");
        }
        return (int)v;
    }

    /// <summary>dlib float: signed 64-bit mantissa then signed 16-bit exponent; value = mantissa · 2^exponent.</summary>
    public float ReadFloat()
    {
        long at = Position;
        long mantissa = ReadSigned();
        long exponent = ReadSigned();
        switch (exponent)
        {
            case 32000: return float.PositiveInfinity;
            case 32001: return float.NegativeInfinity;
            case 32002: return float.NaN;
        }
        if (exponent is < short.MinValue or > short.MaxValue)
        {
            throw Fail(at, $"float exponent {exponent} out of range");
        }
        // Float-sourced mantissas carry at most 24 significant bits, so the double product is exact.
        return (float)Math.ScaleB(mantissa, (int)exponent);
    }

    /// <summary>A column vector (dlib matrix&lt;float,0,1&gt;) of exactly <paramref name="expectedRows"/> rows.</summary>
    public void ReadColumnVector(Span<float> destination, string what)
    {
        long at = Position;
        long rows = ReadSigned();
        long cols = ReadSigned();
        // Negative sizes mark dlib's current matrix format; older files wrote them positive.
        rows = Math.Abs(rows);
        cols = Math.Abs(cols);
        if (cols != 1 || rows != destination.Length)
        {
            throw Fail(at, $"{what}: expected a {destination.Length}x1 vector, found {rows}x{cols}");
        }
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadFloat();
        }
    }

    public ShapePredictorFormatException Fail(long at, string what) =>
        new($"Shape predictor {_source}: {what} (at byte {at} of {_data.Length}).");

    private byte NextByte()
    {
        if (Position >= _data.Length)
        {
            throw Fail(Position, "file is truncated");
        }
        return _data[Position++];
    }

    private ulong ReadMagnitude(int n, long at)
    {
        if (Position + n > _data.Length)
        {
            throw Fail(at, "file is truncated");
        }
        ulong v = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            v = (v << 8) | _data[Position + i];
        }
        Position += n;
        return v;
    }
}
