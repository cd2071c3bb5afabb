using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>An axis-aligned pixel rectangle [X, X+Width) × [Y, Y+Height).</summary>
public sealed record DatasetBox(int X, int Y, int Width, int Height)
{
    /// <summary>The same rectangle as the renderers' and metrics' type.</summary>
    public PixelRect ToPixelRect() => new(X, Y, Width, Height);
}
