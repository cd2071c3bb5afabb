namespace EdgeAvatar.Media.Images;

/// <summary>
/// MSB-first bit packer for JPEG entropy-coded data: after every 0xFF byte it stuffs a 0x00 (T.81 F.1.2.3) so the
/// data cannot be mistaken for a marker; <see cref="Flush"/> pads the last byte with 1 bits.
/// </summary>
internal sealed class JpegBitWriter(Stream output)
{
    private uint _accumulator; // pending bits, right-aligned; fewer than 8 remain between calls
    private int _count;

    public void WriteBits(int bits, int length)
    {
        if (length == 0) return;
        _accumulator = (_accumulator << length) | (uint)(bits & ((1 << length) - 1));
        _count += length;
        while (_count >= 8)
        {
            byte b = (byte)(_accumulator >> (_count - 8));
            output.WriteByte(b);
            if (b == 0xFF) output.WriteByte(0);
            _count -= 8;
        }
        _accumulator &= (1u << _count) - 1;
    }

    public void Flush()
    {
        if (_count > 0) WriteBits(0x7F, 8 - _count);
    }
}
