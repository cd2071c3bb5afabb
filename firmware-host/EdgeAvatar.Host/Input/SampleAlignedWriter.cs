using System.IO.Pipelines;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Writes arbitrary byte chunks to a <see cref="PipeWriter"/> as whole s16 samples only: an odd trailing byte is held
/// back until its partner arrives, so the pipe's content is always sample-aligned however a sender chunks its data.
/// <see cref="DropPending"/> discards a held byte (a client vanished mid-sample) and counts it as dropped.
/// Not thread-safe: one producer owns it.
/// </summary>
internal sealed class SampleAlignedWriter(PipeWriter writer, AudioSourceCounters counters)
{
    private int _pending = -1; // the held odd byte, or −1

    /// <summary>Appends (without flushing) the whole samples that <paramref name="data"/> completes.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        int held = _pending >= 0 ? 1 : 0;
        int total = held + data.Length;
        int whole = total & ~1;
        if (whole > 0)
        {
            Span<byte> dst = writer.GetSpan(whole);
            if (held == 1) dst[0] = (byte)_pending;
            data[..(whole - held)].CopyTo(dst[held..]);
            writer.Advance(whole);
            counters.AddBytes(whole);
        }
        _pending = (total & 1) != 0 ? data[^1] : -1;
    }

    public void DropPending()
    {
        if (_pending < 0) return;
        _pending = -1;
        counters.AddDropped(1);
    }
}
