namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>An axis-aligned pixel rectangle [X, X+Width) x [Y, Y+Height).</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;

    public bool Contains(float x, float y) => x >= X && x < Right && y >= Y && y < Bottom;
}
