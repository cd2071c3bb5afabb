using System.Runtime.InteropServices;
using System.Text;

namespace EdgeAvatar.Compute;

/// <summary>
/// NUL-terminated UTF-8 strings and string arrays in native memory for the duration of one Vulkan call
/// (names of layers, extensions, entry points). Everything is freed on Dispose.
/// </summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<nint> _allocations = [];

    internal byte* Add(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        byte* p = (byte*)NativeMemory.Alloc((nuint)utf8.Length + 1);
        _allocations.Add((nint)p);
        utf8.CopyTo(new Span<byte>(p, utf8.Length));
        p[utf8.Length] = 0;
        return p;
    }

    internal byte** AddArray(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
            return null;
        byte** array = (byte**)NativeMemory.Alloc((nuint)values.Count, (nuint)sizeof(byte*));
        _allocations.Add((nint)array);
        for (int i = 0; i < values.Count; i++)
            array[i] = Add(values[i]);
        return array;
    }

    public void Dispose()
    {
        foreach (nint p in _allocations)
            NativeMemory.Free((void*)p);
        _allocations.Clear();
    }
}
