namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Named blocks laid back to back in one float array (params, gradients and Adam moments all share it), so the
/// trainer optimises one buffer and the baker writes one tensor per block. Offsets are 16-float aligned so every
/// block starts on a 64-byte boundary (SIMD and GPU friendly).
/// </summary>
public sealed class ParameterLayout
{
    private readonly List<ParameterBlock> _blocks = [];
    private readonly Dictionary<string, ParameterBlock> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>Total floats including alignment padding.</summary>
    public int TotalCount { get; private set; }

    public ParameterBlock Add(string name, long count, ParameterBlockKind kind)
    {
        if (_byName.ContainsKey(name)) throw new ArgumentException($"duplicate parameter block '{name}'.", nameof(name));
        if (count < 0 || TotalCount + count > int.MaxValue - 16)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"parameter block '{name}' is too large.");
        var block = new ParameterBlock(name, TotalCount, (int)count, kind);
        _blocks.Add(block);
        _byName.Add(name, block);
        TotalCount = (int)((TotalCount + count + 15) / 16 * 16);
        return block;
    }

    public ParameterBlock this[string name]
        => _byName.TryGetValue(name, out var b) ? b : throw new KeyNotFoundException($"no parameter block '{name}'.");

    public bool Contains(string name) => _byName.ContainsKey(name);
}
