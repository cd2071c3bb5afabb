namespace EdgeAvatar.Kernels.Encodings;

/// <summary>
/// Everything needed to look up one level of a grid encoding; computed once on the host
/// (<see cref="GridEncodingLayout"/>) and shared verbatim by the C# reference and the shader so both agree exactly.
/// </summary>
/// <param name="Offset">First entry of this level in the table (entries, not floats).</param>
/// <param name="Size">Entries in this level (&gt; 0, a multiple of 8): min(2^T, VerticesPerAxis^D) rounded up to 8.</param>
/// <param name="Scale">s_l = BaseResolution × b^l − 1, as float; a coordinate x maps to grid position x × s_l + 0.5.</param>
/// <param name="VerticesPerAxis">ceil(s_l) + 2: vertex coordinates along an axis run 0 .. VerticesPerAxis − 1.</param>
/// <param name="Stride1">Dense-index stride of axis 1 (VerticesPerAxis), or 0 when torch-ngp's stride loop stops before it.</param>
/// <param name="Stride2">Dense-index stride of axis 2 (VerticesPerAxis²), or 0 when the loop stops before it (always 0 in 2-D).</param>
/// <param name="UseHash">The level is hashed: storage is Hashed and its dense grid does not fit <see cref="Size"/>.</param>
public readonly record struct GridLevel(
    uint Offset, uint Size, float Scale, uint VerticesPerAxis, uint Stride1, uint Stride2, bool UseHash);
