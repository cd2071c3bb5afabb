using System.Text.Json.Serialization;

namespace EdgeAvatar.Common;

/// <summary>
/// An axis-aligned pixel rectangle [X, X+Width) × [Y, Y+Height): the one rectangle type of the dataset (lips box,
/// face box), the baked model (torso region) and the renderers. Serialised as its four fields only.
/// </summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    [JsonIgnore]
    public int Right => X + Width;

    [JsonIgnore]
    public int Bottom => Y + Height;

    [JsonIgnore]
    public int Area => Width * Height;

    [JsonIgnore]
    public bool IsEmpty => Width <= 0 || Height <= 0;

    public bool Contains(int x, int y) => x >= X && y >= Y && x < X + Width && y < Y + Height;

    /// <summary>Whether the point (x, y) (pixel-corner coordinates) lies inside.</summary>
    public bool Contains(float x, float y) => x >= X && x < Right && y >= Y && y < Bottom;

    /// <summary>Grown by <paramref name="margin"/> on every side and clipped to a W×H image.</summary>
    public PixelRect Inflate(int margin, int imageWidth, int imageHeight)
    {
        int x0 = Math.Clamp(X - margin, 0, imageWidth), y0 = Math.Clamp(Y - margin, 0, imageHeight);
        int x1 = Math.Clamp(X + Width + margin, 0, imageWidth), y1 = Math.Clamp(Y + Height + margin, 0, imageHeight);
        return new PixelRect(x0, y0, x1 - x0, y1 - y0);
    }
}
