using System.Buffers.Binary;

namespace EdgeAvatar.Model;

/// <summary>
/// The fixed header of an <c>.eavm</c> file as read (see <see cref="EavmLayout"/> for the byte layout).
/// A header obtained from <see cref="EavmModel"/> has been fully validated: sections lie in order inside the file
/// and the checksum matched.
/// </summary>
public sealed record EavmHeader
{
    public required ushort MajorVersion { get; init; }
    public required ushort MinorVersion { get; init; }
    public required uint Flags { get; init; }
    public required uint HeaderSize { get; init; }
    public required uint TensorCount { get; init; }
    public required ulong ManifestOffset { get; init; }
    public required ulong ManifestLength { get; init; }
    public required ulong TensorTableOffset { get; init; }
    public required ulong TensorTableLength { get; init; }
    public required ulong DataOffset { get; init; }
    public required ulong DataLength { get; init; }
    public required ulong FileLength { get; init; }

    /// <summary>SHA-256 of bytes [HeaderSize, FileLength), lowercase hex (64 characters).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Decodes the fields of a header; the caller has checked that at least 128 bytes are present.</summary>
    internal static EavmHeader Decode(ReadOnlySpan<byte> h) => new()
    {
        MajorVersion = BinaryPrimitives.ReadUInt16LittleEndian(h[EavmLayout.OffMajor..]),
        MinorVersion = BinaryPrimitives.ReadUInt16LittleEndian(h[EavmLayout.OffMinor..]),
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(h[EavmLayout.OffFlags..]),
        HeaderSize = BinaryPrimitives.ReadUInt32LittleEndian(h[EavmLayout.OffHeaderSize..]),
        TensorCount = BinaryPrimitives.ReadUInt32LittleEndian(h[EavmLayout.OffTensorCount..]),
        ManifestOffset = BinaryPrimitives.ReadUInt64LittleEndian(h[EavmLayout.OffManifestOffset..]),
        ManifestLength = BinaryPrimitives.ReadUInt64LittleEndian(h[EavmLayout.OffManifestLength..]),
        TensorTableOffset = BinaryPrimitives.ReadUInt64LittleEndian(h[EavmLayout.OffTableOffset..]),
        TensorTableLength = BinaryPrimitives.ReadUInt64LittleEndian(h[EavmLayout.OffTableLength..]),
        DataOffset = BinaryPrimitives.ReadUInt64LittleEndian(h[EavmLayout.OffDataOffset..]),
        DataLength = BinaryPrimitives.ReadUInt64LittleEndian(h[EavmLayout.OffDataLength..]),
        FileLength = BinaryPrimitives.ReadUInt64LittleEndian(h[EavmLayout.OffFileLength..]),
        Sha256 = Convert.ToHexStringLower(h.Slice(EavmLayout.OffChecksum, EavmLayout.Sha256Bytes)),
    };

    /// <summary>Encodes this header into the first 128 bytes of <paramref name="h"/> (reserved bytes zero).</summary>
    internal void Encode(Span<byte> h)
    {
        h[..EavmLayout.HeaderSize].Clear();
        EavmLayout.Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[EavmLayout.OffMajor..], MajorVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(h[EavmLayout.OffMinor..], MinorVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(h[EavmLayout.OffFlags..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(h[EavmLayout.OffHeaderSize..], HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(h[EavmLayout.OffTensorCount..], TensorCount);
        BinaryPrimitives.WriteUInt64LittleEndian(h[EavmLayout.OffManifestOffset..], ManifestOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(h[EavmLayout.OffManifestLength..], ManifestLength);
        BinaryPrimitives.WriteUInt64LittleEndian(h[EavmLayout.OffTableOffset..], TensorTableOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(h[EavmLayout.OffTableLength..], TensorTableLength);
        BinaryPrimitives.WriteUInt64LittleEndian(h[EavmLayout.OffDataOffset..], DataOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(h[EavmLayout.OffDataLength..], DataLength);
        BinaryPrimitives.WriteUInt64LittleEndian(h[EavmLayout.OffFileLength..], FileLength);
        Convert.FromHexString(Sha256).CopyTo(h[EavmLayout.OffChecksum..]);
    }
}
