namespace EdgeAvatar.Media;

/// <summary>
/// One decoded rgb24 frame (row-major, 3 bytes per pixel, no row padding). <see cref="Rgb24"/> points into the
/// reader's pooled buffer: it is valid only until the enumeration moves on — copy it to keep it.
/// </summary>
public readonly record struct VideoFrame(int Index, double TimeSeconds, int Width, int Height, ReadOnlyMemory<byte> Rgb24);
