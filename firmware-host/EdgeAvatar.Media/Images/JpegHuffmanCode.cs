namespace EdgeAvatar.Media.Images;

/// <summary>
/// Encoder view of one Huffman table: code and length per symbol, generated canonically from BITS/HUFFVAL
/// (T.81 Annex C). Invariant: every symbol listed in the table has a length in 1..16; others have length 0.
/// </summary>
internal sealed class JpegHuffmanCode
{
    private readonly ushort[] _code = new ushort[256];
    private readonly byte[] _length = new byte[256];

    public JpegHuffmanCode(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> values)
    {
        Bits = bits.ToArray();
        Values = values.ToArray();
        int code = 0, k = 0;
        for (int len = 1; len <= 16; len++)
        {
            for (int i = 0; i < bits[len - 1]; i++, k++)
            {
                _code[values[k]] = (ushort)code;
                _length[values[k]] = (byte)len;
                code++;
            }
            code <<= 1;
        }
    }

    public byte[] Bits { get; }
    public byte[] Values { get; }

    public void Write(JpegBitWriter writer, int symbol)
    {
        int len = _length[symbol];
        if (len == 0) throw new InvalidOperationException($"Huffman symbol 0x{symbol:X2} is not in the table.");
        writer.WriteBits(_code[symbol], len);
    }
}
