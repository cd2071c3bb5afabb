using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeAvatar.Common;

namespace EdgeAvatar.Model;

/// <summary>
/// Builds an <c>.eavm</c> file: a manifest plus named tensors, laid out as FORMAT.md describes (manifest right
/// after the header, tensor table 8-aligned after it, every tensor 64-aligned in the data section, file length a
/// multiple of 64). Tensor data is copied when added, so callers may reuse their buffers.
/// <see cref="Write"/> publishes atomically (temporary sibling, flush, rename): a reader never sees a partial file.
/// Invalid input (bad name, shape/data mismatch, duplicate) is a programming error: <see cref="ArgumentException"/>.
/// </summary>
public sealed class EavmWriter
{
    private static readonly byte[] Zeros = new byte[EavmLayout.TensorAlignment];

    private readonly List<Pending> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly byte[] _manifest;

    /// <summary>Starts a file with <paramref name="manifest"/>, which must pass the reader's own manifest validation.</summary>
    public EavmWriter(EavmManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _manifest = manifest.ToUtf8Json();
        try
        {
            // The writer must never produce a file its reader rejects: validate with the reader's rules.
            EavmManifest.Parse(_manifest, "being written");
        }
        catch (EavmFormatException e)
        {
            throw new ArgumentException($"invalid manifest: {e.Message}", nameof(manifest), e);
        }
        if (_manifest.Length > EavmLayout.MaxManifestBytes)
            throw new ArgumentException($"manifest is {_manifest.Length} bytes, over the {EavmLayout.MaxManifestBytes}-byte limit", nameof(manifest));
    }

    public int TensorCount => _tensors.Count;

    /// <summary>Test seam: wraps the output file stream inside <see cref="Write"/> (to inject failures mid-write).</summary>
    internal Func<Stream, Stream>? OutputWrapper { get; set; }

    /// <summary>
    /// True for names the format accepts: 1..255 UTF-8 bytes, no control characters (names are printed by tools).
    /// </summary>
    public static bool IsValidName(string name)
        => !string.IsNullOrEmpty(name)
           && Encoding.UTF8.GetByteCount(name) <= EavmLayout.MaxNameBytes
           && !name.Any(char.IsControl);

    /// <summary>
    /// Adds a tensor whose dtype follows <typeparamref name="T"/> (float, Half, byte, int). <paramref name="shape"/>
    /// is outermost first; no shape means a scalar (exactly one element). The product of the shape must equal
    /// <paramref name="data"/>'s length.
    /// </summary>
    public void AddTensor<T>(string name, ReadOnlySpan<T> data, params ReadOnlySpan<long> shape) where T : unmanaged
    {
        EavmDType dtype = EavmDTypes.Of<T>();
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
            throw new ArgumentException(
                $"tensor name '{name}' is invalid: expected 1..{EavmLayout.MaxNameBytes} UTF-8 bytes without control characters", nameof(name));
        if (shape.Length > EavmLayout.MaxRank)
            throw new ArgumentException($"tensor '{name}' has rank {shape.Length}, more than {EavmLayout.MaxRank}", nameof(shape));
        long elements = 1;
        foreach (long dim in shape)
        {
            if (dim < 0)
                throw new ArgumentException($"tensor '{name}' has a negative dimension {dim}", nameof(shape));
            elements = checked(elements * dim);
        }
        if (elements != data.Length)
            throw new ArgumentException(
                $"tensor '{name}' shape [{string.Join(", ", shape.ToArray())}] has {elements} elements, data has {data.Length}", nameof(data));
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("EAVM files can only be written on little-endian machines");
        if (!_names.Add(name))
            throw new ArgumentException($"a tensor named '{name}' was already added", nameof(name));
        byte[] bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data).ToArray();
        _tensors.Add(new Pending(name, Encoding.UTF8.GetBytes(name), dtype, shape.ToArray(), bytes));
    }

    /// <summary>Writes the file to <paramref name="path"/> atomically; I/O failures are <see cref="ExitCodes.IoError"/>.</summary>
    public void Write(string path)
    {
        try
        {
            AtomicFile.Write(path, stream =>
            {
                Stream target = OutputWrapper?.Invoke(stream) ?? stream;
                WriteTo(target);
                target.Flush();
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"cannot write model file '{path}': {e.Message}", e);
        }
    }

    /// <summary>The complete file as bytes.</summary>
    public byte[] ToArray()
    {
        using var memory = new MemoryStream();
        WriteTo(memory);
        return memory.ToArray();
    }

    /// <summary>Writes the complete file to <paramref name="stream"/> (not atomic; use <see cref="Write"/> for files).</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Layout layout = ComputeLayout();

        // Pass 1 hashes the body, pass 2 writes it after the header that carries the hash: no seeking needed.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        EmitBody(layout, hash.AppendData);
        byte[] checksum = hash.GetHashAndReset();

        var header = new EavmHeader
        {
            MajorVersion = EavmLayout.MajorVersion,
            MinorVersion = EavmLayout.MinorVersion,
            Flags = 0,
            HeaderSize = EavmLayout.HeaderSize,
            TensorCount = (uint)_tensors.Count,
            ManifestOffset = EavmLayout.HeaderSize,
            ManifestLength = (ulong)_manifest.Length,
            TensorTableOffset = (ulong)layout.TableOffset,
            TensorTableLength = (ulong)layout.Table.Length,
            DataOffset = (ulong)layout.DataOffset,
            DataLength = (ulong)(layout.FileLength - layout.DataOffset),
            FileLength = (ulong)layout.FileLength,
            Sha256 = Convert.ToHexStringLower(checksum),
        };
        var headerBytes = new byte[EavmLayout.HeaderSize];
        header.Encode(headerBytes);
        stream.Write(headerBytes);
        EmitBody(layout, stream.Write);
    }

    private delegate void Sink(ReadOnlySpan<byte> bytes);

    /// <summary>Emits bytes [header size, file length) in order, zero padding included.</summary>
    private void EmitBody(Layout layout, Sink sink)
    {
        long at = EavmLayout.HeaderSize;
        void PadTo(long target)
        {
            // Invariant: every gap is shorter than the alignment (64), so one zero block covers it.
            sink(Zeros.AsSpan(0, (int)(target - at)));
            at = target;
        }
        sink(_manifest);
        at += _manifest.Length;
        PadTo(layout.TableOffset);
        sink(layout.Table);
        at += layout.Table.Length;
        for (int i = 0; i < _tensors.Count; i++)
        {
            PadTo(layout.TensorOffsets[i]);
            sink(_tensors[i].Data);
            at += _tensors[i].Data.Length;
        }
        PadTo(layout.FileLength);
    }

    private Layout ComputeLayout()
    {
        long tableOffset = EavmLayout.AlignUp(EavmLayout.HeaderSize + _manifest.Length, EavmLayout.TableAlignment);
        // Entry: u16 name length, name, u8 dtype, u8 rank, rank × u64 dims, u64 offset, u64 byte length.
        long tableLength = _tensors.Sum(t => 2L + t.NameUtf8.Length + 1 + 1 + 8L * t.Shape.Length + 8 + 8);
        long dataOffset = EavmLayout.AlignUp(tableOffset + tableLength, EavmLayout.TensorAlignment);
        var offsets = new long[_tensors.Count];
        long cursor = dataOffset;
        for (int i = 0; i < _tensors.Count; i++)
        {
            offsets[i] = EavmLayout.AlignUp(cursor, EavmLayout.TensorAlignment);
            cursor = offsets[i] + _tensors[i].Data.Length;
        }
        long fileLength = EavmLayout.AlignUp(cursor, EavmLayout.TensorAlignment);

        var table = new byte[tableLength];
        int p = 0;
        for (int i = 0; i < _tensors.Count; i++)
        {
            Pending t = _tensors[i];
            BinaryPrimitives.WriteUInt16LittleEndian(table.AsSpan(p), (ushort)t.NameUtf8.Length);
            p += 2;
            t.NameUtf8.CopyTo(table, p);
            p += t.NameUtf8.Length;
            table[p++] = (byte)t.DType;
            table[p++] = (byte)t.Shape.Length;
            foreach (long dim in t.Shape)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(p), (ulong)dim);
                p += 8;
            }
            BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(p), (ulong)offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(p + 8), (ulong)t.Data.Length);
            p += 16;
        }
        return new Layout(tableOffset, table, dataOffset, offsets, fileLength);
    }

    private sealed record Pending(string Name, byte[] NameUtf8, EavmDType DType, long[] Shape, byte[] Data);

    private sealed record Layout(long TableOffset, byte[] Table, long DataOffset, long[] TensorOffsets, long FileLength);
}
