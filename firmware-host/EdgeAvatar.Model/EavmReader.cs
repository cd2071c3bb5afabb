using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using EdgeAvatar.Common;

namespace EdgeAvatar.Model;

/// <summary>
/// Opens and validates <c>.eavm</c> files. Validation order matters and is the safety argument:
/// (1) magic, version, header size, flags and the declared file length are checked against the real length;
/// (2) the SHA-256 over [header size, end) is verified before any byte after the header is interpreted;
/// (3) every section offset/length and every tensor entry is bounds-checked against the file length with
/// overflow-free arithmetic before anything is allocated or sliced. So a corrupt or hostile file yields one
/// <see cref="EavmFormatException"/>, never another exception, a hang, or an allocation larger than the file.
/// </summary>
public static class EavmReader
{
    /// <summary>Bytes hashed per step: bounded memory, and large enough that a ~12 MB model verifies in milliseconds.</summary>
    private const int HashChunkBytes = 1 << 20;

    /// <summary>
    /// Memory-maps and validates the file at <paramref name="path"/>. A missing or unreadable file throws
    /// <see cref="EdgeAvatarException"/> with <see cref="ExitCodes.NoInput"/>; a malformed one
    /// <see cref="EavmFormatException"/> whose message starts with the path.
    /// </summary>
    public static EavmModel Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1,
                FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new EdgeAvatarException(ExitCodes.NoInput, $"model file '{path}' does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.NoInput, $"cannot open model file '{path}': {e.Message}", e);
        }

        EavmByteSource source;
        try
        {
            long length = stream.Length;
            if (length < EavmLayout.HeaderSize)
            {
                // Too short to map usefully (and an empty file cannot be mapped at all): let Parse report it.
                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                stream.Dispose();
                source = new ArrayByteSource(bytes);
            }
            else
            {
                source = new MappedByteSource(stream, length);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw new EdgeAvatarException(ExitCodes.NoInput, $"cannot map model file '{path}': {e.Message}", e);
        }

        try
        {
            return Parse(source);
        }
        catch (EavmFormatException e)
        {
            source.Dispose();
            throw new EavmFormatException($"{path}: {e.Message}", e);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Validates a file held in <paramref name="bytes"/>. The model uses the array without copying: do not modify it.</summary>
    public static EavmModel Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Parse(new ArrayByteSource(bytes));
    }

    /// <summary>Reads <paramref name="stream"/> from its position to its end into memory and validates it.</summary>
    public static EavmModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > Array.MaxLength)
                throw new EavmFormatException(
                    $"stream holds {remaining} bytes, more than can be loaded into memory; open the file by path instead");
            bytes = new byte[Math.Max(0, remaining)];
            stream.ReadExactly(bytes);
        }
        else
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        return Read(bytes);
    }

    /// <summary>Validates <paramref name="source"/> and wraps it (taking ownership only on success).</summary>
    internal static EavmModel Parse(EavmByteSource source)
    {
        EavmHeader header = ReadHeader(source);
        VerifyChecksum(source, header);
        long dataEnd = CheckSections(header, source.Length);

        var manifest = EavmManifest.Parse(
            source.Slice((long)header.ManifestOffset, (int)header.ManifestLength),
            $"(at offset {header.ManifestOffset}, {header.ManifestLength} bytes)");
        var tensors = ReadTable(source, header, dataEnd);
        return new EavmModel(source, header, manifest, tensors);
    }

    private static EavmHeader ReadHeader(EavmByteSource source)
    {
        long n = source.Length;
        if (n < EavmLayout.Magic.Length)
            throw new EavmFormatException(
                $"file is {n} bytes, too short for the 8-byte EAVM magic (empty, truncated, or not an EAVM model)");
        ReadOnlySpan<byte> magic = source.Slice(0, EavmLayout.Magic.Length);
        if (!magic.SequenceEqual(EavmLayout.Magic))
            throw new EavmFormatException(
                $"not an EAVM model: magic at offset 0 is {Convert.ToHexString(magic)}, expected {Convert.ToHexString(EavmLayout.Magic)} (\"EAVM\\r\\n\\x1A\\n\")");
        if (n < EavmLayout.HeaderSize)
            throw new EavmFormatException(
                $"truncated: file is {n} bytes, shorter than the {EavmLayout.HeaderSize}-byte header");

        var h = EavmHeader.Decode(source.Slice(0, EavmLayout.HeaderSize));
        if (h.MajorVersion != EavmLayout.MajorVersion)
            throw new EavmFormatException(
                $"unsupported format version {h.MajorVersion}.{h.MinorVersion}: this reader supports {EavmLayout.MajorVersion}.x");
        if (h.HeaderSize < EavmLayout.HeaderSize || h.HeaderSize > EavmLayout.MaxHeaderSize || h.HeaderSize % 8 != 0)
            throw new EavmFormatException(
                $"header size (offset {EavmLayout.OffHeaderSize}) is {h.HeaderSize}, expected a multiple of 8 in [{EavmLayout.HeaderSize}, {EavmLayout.MaxHeaderSize}]");
        uint unknown = h.Flags & EavmLayout.RequiredFlagsMask & ~EavmLayout.KnownRequiredFlags;
        if (unknown != 0)
            throw new EavmFormatException(
                $"header flags 0x{h.Flags:X8} (offset {EavmLayout.OffFlags}) set required bits 0x{unknown:X8} this reader does not know");
        if (h.FileLength > (ulong)n)
            throw new EavmFormatException($"truncated: header declares {h.FileLength} bytes, file has {n}");
        if (h.FileLength < (ulong)n)
            throw new EavmFormatException(
                $"file has {n} bytes but the header declares {h.FileLength}: {(ulong)n - h.FileLength} unexpected trailing bytes");
        if (h.HeaderSize > (ulong)n)
            throw new EavmFormatException($"truncated: header declares a {h.HeaderSize}-byte header, file has {n} bytes");
        return h;
    }

    /// <summary>Hashes [header size, end) incrementally, so verification needs no buffer the size of the file.</summary>
    private static void VerifyChecksum(EavmByteSource source, EavmHeader h)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long n = source.Length;
        for (long at = h.HeaderSize; at < n;)
        {
            int chunk = (int)Math.Min(HashChunkBytes, n - at);
            hash.AppendData(source.Slice(at, chunk));
            at += chunk;
        }
        Span<byte> actual = stackalloc byte[EavmLayout.Sha256Bytes];
        hash.GetHashAndReset(actual);
        string found = Convert.ToHexStringLower(actual);
        if (found != h.Sha256)
            throw new EavmFormatException(
                $"checksum mismatch: header (offset {EavmLayout.OffChecksum}) says SHA-256 {h.Sha256}, bytes {h.HeaderSize}..{n} hash to {found} (file is corrupt)");
    }

    /// <summary>Checks header ≤ manifest ≤ table ≤ data = end of file, with no overflow (every value ≤ n before adding).</summary>
    private static long CheckSections(EavmHeader h, long n)
    {
        long manifestEnd = Section("manifest", h.ManifestOffset, h.ManifestLength, h.HeaderSize, n, 1);
        if (h.ManifestLength == 0)
            throw new EavmFormatException($"manifest (at offset {h.ManifestOffset}) is empty");
        if (h.ManifestLength > EavmLayout.MaxManifestBytes)
            throw new EavmFormatException(
                $"manifest is {h.ManifestLength} bytes, more than the {EavmLayout.MaxManifestBytes}-byte limit");
        long tableEnd = Section("tensor table", h.TensorTableOffset, h.TensorTableLength, manifestEnd, n,
            EavmLayout.TableAlignment);
        long dataEnd = Section("data section", h.DataOffset, h.DataLength, tableEnd, n, EavmLayout.TensorAlignment);
        if (dataEnd != n)
            throw new EavmFormatException(
                $"data section ends at offset {dataEnd}, expected it to end at the end of the file ({n})");
        return dataEnd;
    }

    private static long Section(string what, ulong offset, ulong length, long notBefore, long n, int alignment)
    {
        if (offset < (ulong)notBefore || offset > (ulong)n)
            throw new EavmFormatException(
                $"{what} offset {offset} is out of range: expected {notBefore}..{n} (sections must follow each other in order)");
        if (offset % (ulong)alignment != 0)
            throw new EavmFormatException($"{what} offset {offset} is not a multiple of {alignment}");
        if (length > (ulong)n - offset)
            throw new EavmFormatException(
                $"{what} at offset {offset} declares {length} bytes, only {(ulong)n - offset} remain in the file");
        return (long)(offset + length);
    }

    private static List<EavmTensorInfo> ReadTable(EavmByteSource source, EavmHeader h, long dataEnd)
    {
        ulong tableLength = h.TensorTableLength;
        // Bound the count by what could possibly fit before allocating anything proportional to it.
        if ((ulong)h.TensorCount * EavmLayout.MinTableEntryBytes > tableLength)
            throw new EavmFormatException(
                $"tensor count {h.TensorCount} cannot fit in a {tableLength}-byte tensor table (an entry is at least {EavmLayout.MinTableEntryBytes} bytes)");
        if (tableLength > int.MaxValue)
            throw new EavmFormatException($"tensor table is {tableLength} bytes, more than the {int.MaxValue}-byte limit");

        ReadOnlySpan<byte> table = source.Slice((long)h.TensorTableOffset, (int)tableLength);
        var tensors = new List<EavmTensorInfo>((int)h.TensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        int at = 0;
        for (int i = 0; i < h.TensorCount; i++)
        {
            var entry = new TableCursor(table, at, i, (long)h.TensorTableOffset);
            EavmTensorInfo info = ReadEntry(ref entry, h, dataEnd);
            if (!names.Add(info.Name))
                throw new EavmFormatException($"tensor table entry #{i}: duplicate tensor name '{info.Name}'");
            tensors.Add(info);
            at = entry.Position;
        }
        if (at != table.Length)
            throw new EavmFormatException(
                $"tensor table has {table.Length - at} unused bytes after its {h.TensorCount} entries (expected exactly {at} bytes)");
        CheckNoOverlap(tensors);
        return tensors;
    }

    private static EavmTensorInfo ReadEntry(ref TableCursor c, EavmHeader h, long dataEnd)
    {
        int nameLength = c.ReadUInt16();
        if (nameLength is 0 or > EavmLayout.MaxNameBytes)
            throw c.Error($"name length is {nameLength}, expected 1..{EavmLayout.MaxNameBytes}");
        ReadOnlySpan<byte> nameBytes = c.ReadBytes(nameLength);
        if (!Utf8.IsValid(nameBytes))
            throw c.Error("name is not valid UTF-8");
        string name = Encoding.UTF8.GetString(nameBytes);
        if (!EavmWriter.IsValidName(name))
            throw c.Error($"name '{name.ReplaceLineEndings(" ")}' contains control characters");

        var dtype = (EavmDType)c.ReadByte();
        if (!EavmDTypes.IsDefined(dtype))
            throw c.Error($"tensor '{name}' has unknown dtype {(byte)dtype}, expected 1 (fp32), 2 (fp16), 3 (u8) or 4 (i32)");
        int rank = c.ReadByte();
        if (rank > EavmLayout.MaxRank)
            throw c.Error($"tensor '{name}' has rank {rank}, more than the maximum {EavmLayout.MaxRank}");

        var shape = new long[rank];
        bool empty = false;
        for (int d = 0; d < rank; d++)
        {
            ulong dim = c.ReadUInt64();
            if (dim > long.MaxValue)
                throw c.Error($"tensor '{name}' dimension {d} is {dim}, out of range");
            shape[d] = (long)dim;
            empty |= dim == 0;
        }
        ulong offset = c.ReadUInt64();
        ulong byteLength = c.ReadUInt64();

        // Any zero dimension means zero elements; otherwise multiply with overflow checks, bounded by the data size
        // (every element takes at least one byte, so a larger count cannot be genuine).
        ulong elements = 1;
        if (empty)
            elements = 0;
        else
            foreach (long dim in shape)
            {
                if ((ulong)dim > h.DataLength || elements > h.DataLength / (ulong)dim)
                    throw c.Error($"tensor '{name}' shape [{string.Join(", ", shape)}] has more elements than the {h.DataLength}-byte data section can hold");
                elements *= (ulong)dim;
            }
        ulong elementSize = (ulong)EavmDTypes.SizeOf(dtype);
        if (elements > h.DataLength / elementSize)
            throw c.Error($"tensor '{name}' shape [{string.Join(", ", shape)}] of {EavmDTypes.Name(dtype)} needs more bytes than the {h.DataLength}-byte data section holds");
        ulong expectedBytes = elements * elementSize; // cannot overflow: ≤ DataLength by the check above
        if (byteLength != expectedBytes)
            throw c.Error($"tensor '{name}' byte length is {byteLength}, expected {expectedBytes} for shape [{string.Join(", ", shape)}] of {EavmDTypes.Name(dtype)}");
        if (offset % EavmLayout.TensorAlignment != 0)
            throw c.Error($"tensor '{name}' offset {offset} is not a multiple of {EavmLayout.TensorAlignment}");
        if (offset < h.DataOffset || offset > (ulong)dataEnd || byteLength > (ulong)dataEnd - offset)
            throw c.Error($"tensor '{name}' bytes [{offset}, +{byteLength}) lie outside the data section [{h.DataOffset}, {dataEnd})");

        return new EavmTensorInfo
        {
            Name = name,
            DType = dtype,
            Shape = shape,
            ElementCount = (long)elements,
            Offset = (long)offset,
            ByteLength = (long)byteLength,
        };
    }

    private static void CheckNoOverlap(List<EavmTensorInfo> tensors)
    {
        var byOffset = tensors.Where(t => t.ByteLength > 0).OrderBy(t => t.Offset).ToList();
        for (int i = 1; i < byOffset.Count; i++)
        {
            EavmTensorInfo previous = byOffset[i - 1], current = byOffset[i];
            if (previous.Offset + previous.ByteLength > current.Offset)
                throw new EavmFormatException(
                    $"tensors '{previous.Name}' [{previous.Offset}, +{previous.ByteLength}) and '{current.Name}' [{current.Offset}, +{current.ByteLength}) overlap");
        }
    }

    /// <summary>Bounds-checked sequential reads over the tensor table; errors name the entry and file offset.</summary>
    private ref struct TableCursor(ReadOnlySpan<byte> table, int position, int index, long tableOffset)
    {
        private readonly ReadOnlySpan<byte> _table = table;
        private readonly int _start = position;

        public int Position { get; private set; } = position;

        public ReadOnlySpan<byte> ReadBytes(int count)
        {
            if (count > _table.Length - Position)
                throw Error($"runs past the end of the tensor table ({_table.Length} bytes)");
            ReadOnlySpan<byte> bytes = _table.Slice(Position, count);
            Position += count;
            return bytes;
        }

        public byte ReadByte() => ReadBytes(1)[0];
        public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));
        public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

        public readonly EavmFormatException Error(string what)
            => new($"tensor table entry #{index} (at file offset {tableOffset + _start}): {what}");
    }
}
