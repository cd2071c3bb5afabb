namespace EdgeAvatar.Model;

/// <summary>
/// Constants of the <c>.eavm</c> layout (byte-exact description in FORMAT.md). All integers are little-endian.
/// <code>
/// offset size field
///      0    8 magic "EAVM\r\n\x1A\n" (45 41 56 4D 0D 0A 1A 0A)
///      8    2 major version (u16) = 1; readers reject any other major
///     10    2 minor version (u16) = 0; readers accept a newer minor (additive changes only)
///     12    4 flags (u32): bits 0-15 must be understood (reject if unknown), bits 16-31 may be ignored
///     16    4 header size (u32) = 128 for 1.0; &gt;= 128, multiple of 8; the checksum starts here
///     20    4 tensor count (u32)
///     24    8 manifest offset (u64)       32  8 manifest length (u64)
///     40    8 tensor table offset (u64)   48  8 tensor table length (u64)
///     56    8 data offset (u64, multiple of 64)  64  8 data length (u64)
///     72    8 file length (u64)
///     80   32 SHA-256 of bytes [header size, file length)
///    112   16 reserved, written as zero, ignored by readers
/// </code>
/// </summary>
public static class EavmLayout
{
    /// <summary>
    /// "EAVM", then CR LF, SUB (Ctrl+Z), LF as in PNG: a text-mode transfer that rewrites line ends, or a
    /// 7-bit channel, corrupts the magic itself, so the damage is caught on the first 8 bytes.
    /// </summary>
    public static ReadOnlySpan<byte> Magic => "EAVM\r\n\x1A\n"u8;

    public const ushort MajorVersion = 1;
    public const ushort MinorVersion = 0;

    /// <summary>Size of the 1.0 header; a newer minor may declare a larger one.</summary>
    public const int HeaderSize = 128;

    /// <summary>Largest header a reader accepts (a bound, so a corrupt field cannot make it hash or skip gigabytes).</summary>
    public const int MaxHeaderSize = 64 * 1024;

    /// <summary>Flag bits 0-15: a reader that does not know a set bit there must reject the file.</summary>
    public const uint RequiredFlagsMask = 0x0000_FFFF;

    /// <summary>No required flags are defined in 1.0.</summary>
    public const uint KnownRequiredFlags = 0;

    /// <summary>Alignment of the data section and of every tensor (covers cache lines and SIMD loads).</summary>
    public const int TensorAlignment = 64;

    /// <summary>Alignment of the tensor table.</summary>
    public const int TableAlignment = 8;

    /// <summary>Highest tensor rank.</summary>
    public const int MaxRank = 8;

    /// <summary>Longest tensor name in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>Largest manifest accepted: it is parsed into memory, so it is bounded independently of the file.</summary>
    public const int MaxManifestBytes = 16 * 1024 * 1024;

    /// <summary>Smallest possible table entry: u16 name length + 1 name byte + dtype + rank + offset + length.</summary>
    public const int MinTableEntryBytes = 2 + 1 + 1 + 1 + 8 + 8;

    public const int Sha256Bytes = 32;

    // Field offsets inside the header.
    internal const int OffMajor = 8;
    internal const int OffMinor = 10;
    internal const int OffFlags = 12;
    internal const int OffHeaderSize = 16;
    internal const int OffTensorCount = 20;
    internal const int OffManifestOffset = 24;
    internal const int OffManifestLength = 32;
    internal const int OffTableOffset = 40;
    internal const int OffTableLength = 48;
    internal const int OffDataOffset = 56;
    internal const int OffDataLength = 64;
    internal const int OffFileLength = 72;
    internal const int OffChecksum = 80;
    internal const int OffReserved = 112;

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <paramref name="alignment"/> (a power of two).</summary>
    internal static long AlignUp(long value, int alignment) => (value + alignment - 1) & ~(long)(alignment - 1);
}
