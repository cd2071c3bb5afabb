namespace EdgeAvatar.Model;

/// <summary>
/// One validated tensor table entry. Invariants (checked by the reader, guaranteed by the writer):
/// <see cref="Offset"/> is an absolute file offset, a multiple of 64, inside the data section;
/// <see cref="ByteLength"/> = <see cref="ElementCount"/> × dtype size and fits in the data section;
/// no two tensors' byte ranges overlap; names are unique (ordinal).
/// </summary>
public sealed record EavmTensorInfo
{
    public required string Name { get; init; }
    public required EavmDType DType { get; init; }

    /// <summary>Dimensions, outermost first; empty for a scalar (one element). A zero dimension means no elements.</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    public required long ElementCount { get; init; }
    public required long Offset { get; init; }
    public required long ByteLength { get; init; }

    public int Rank => Shape.Count;

    /// <summary>Shape as written in tools and messages, e.g. "[4, 3]" or "[]" for a scalar.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
