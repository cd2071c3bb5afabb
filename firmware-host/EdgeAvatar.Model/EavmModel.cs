using System.Runtime.InteropServices;

namespace EdgeAvatar.Model;

/// <summary>
/// A validated <c>.eavm</c> model (from <see cref="EavmReader"/>): header, manifest, tensor table, and zero-copy
/// access to tensor data. Spans returned by <see cref="GetTensor{T}"/> and <see cref="GetTensorBytes"/> point into
/// the file's bytes (the memory mapping when opened by path) and must not be used after <see cref="Dispose"/>;
/// copy with <see cref="GetTensorArray{T}"/> to keep data longer. Reading is thread-safe; disposing while
/// another thread reads is not.
/// </summary>
public sealed class EavmModel : IDisposable
{
    private readonly EavmByteSource _source;
    private readonly Dictionary<string, EavmTensorInfo> _byName;

    internal EavmModel(EavmByteSource source, EavmHeader header, EavmManifest manifest, List<EavmTensorInfo> tensors)
    {
        _source = source;
        Header = header;
        Manifest = manifest;
        Tensors = tensors.AsReadOnly();
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public EavmHeader Header { get; }
    public EavmManifest Manifest { get; }

    /// <summary>Tensors in table order (the order they were added to the writer).</summary>
    public IReadOnlyList<EavmTensorInfo> Tensors { get; }

    public bool TryGetTensorInfo(string name, out EavmTensorInfo info)
    {
        bool found = _byName.TryGetValue(name, out EavmTensorInfo? value);
        info = value!;
        return found;
    }

    /// <summary>The entry for <paramref name="name"/>; a missing tensor is a data error (the model does not match its kind).</summary>
    public EavmTensorInfo GetTensorInfo(string name)
        => _byName.TryGetValue(name, out EavmTensorInfo? info)
            ? info
            : throw new EavmFormatException($"model (kind '{Manifest.Kind}') has no tensor named '{name}'");

    /// <summary>The raw little-endian bytes of a tensor, without copying.</summary>
    public ReadOnlySpan<byte> GetTensorBytes(string name)
    {
        EavmTensorInfo info = GetTensorInfo(name);
        if (info.ByteLength > int.MaxValue)
            throw new EavmFormatException(
                $"tensor '{name}' is {info.ByteLength} bytes, too large for a single span");
        return _source.Slice(info.Offset, (int)info.ByteLength);
    }

    /// <summary>
    /// A tensor's elements without copying. <typeparamref name="T"/> must match the stored dtype
    /// (float ↔ fp32, Half ↔ fp16, byte ↔ u8, int ↔ i32); a mismatch is an <see cref="EavmFormatException"/>.
    /// </summary>
    public ReadOnlySpan<T> GetTensor<T>(string name) where T : unmanaged
    {
        EavmDType wanted = EavmDTypes.Of<T>();
        EavmTensorInfo info = GetTensorInfo(name);
        if (info.DType != wanted)
            throw new EavmFormatException(
                $"tensor '{name}' is stored as {EavmDTypes.Name(info.DType)}, but {EavmDTypes.Name(wanted)} ({typeof(T).Name}) was requested");
        // The file is little-endian; reinterpreting its bytes is only correct on a little-endian machine.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("EAVM tensors can only be read zero-copy on little-endian machines");
        return MemoryMarshal.Cast<byte, T>(GetTensorBytes(name));
    }

    /// <summary>A copy of a tensor's elements (safe to keep after <see cref="Dispose"/>).</summary>
    public T[] GetTensorArray<T>(string name) where T : unmanaged => GetTensor<T>(name).ToArray();

    /// <summary>A tensor as fp32: copied if stored as fp32, converted if stored as fp16; other dtypes are rejected.</summary>
    public float[] GetTensorAsSingle(string name)
    {
        EavmTensorInfo info = GetTensorInfo(name);
        return info.DType switch
        {
            EavmDType.Float32 => GetTensorArray<float>(name),
            EavmDType.Float16 => EavmHalf.ToSingle(GetTensor<Half>(name)),
            _ => throw new EavmFormatException(
                $"tensor '{name}' is stored as {EavmDTypes.Name(info.DType)}, expected a floating-point tensor (fp32 or fp16)"),
        };
    }

    public void Dispose() => _source.Dispose();
}
