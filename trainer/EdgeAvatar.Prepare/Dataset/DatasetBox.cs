using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>An axis-aligned pixel rectangle [X, X+Width) × [Y, Y+Height).</summary>
public sealed record DatasetBox(int X, int Y, int Width, int Height)
{
    /// <summary>The same rectangle as the renderers' and metrics' type.</summary>
    public PixelRect ToPixelRect() => new(X, Y, Width, Height);

    /// <summary>A renderers' and metrics' rectangle as the dataset writes it.</summary>
    public static DatasetBox From(PixelRect rect) => new(rect.X, rect.Y, rect.Width, rect.Height);
}
