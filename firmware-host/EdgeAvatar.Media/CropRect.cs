namespace EdgeAvatar.Media;

/// <summary>A rectangle in source-video pixels: top-left (X, Y), size Width × Height.</summary>
public readonly record struct CropRect(int X, int Y, int Width, int Height);
