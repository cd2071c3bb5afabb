namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// An axis-aligned face box in image pixels: columns [X, X+Width), rows [Y, Y+Height). dlib names the same box by
/// inclusive corners (right = X+Width-1), see <see cref="Landmarks.ShapePredictor"/>.
/// </summary>
public readonly record struct FaceBox(int X, int Y, int Width, int Height)
{
    public float CenterX => X + Width * 0.5f;

    public float CenterY => Y + Height * 0.5f;

    public int Area => Width * Height;

    /// <summary>Intersection over union with <paramref name="other"/> (0 when either is empty).</summary>
    public double IntersectionOverUnion(FaceBox other)
    {
        int x0 = Math.Max(X, other.X), y0 = Math.Max(Y, other.Y);
        int x1 = Math.Min(X + Width, other.X + other.Width), y1 = Math.Min(Y + Height, other.Y + other.Height);
        if (x1 <= x0 || y1 <= y0)
        {
            return 0;
        }
        double inter = (double)(x1 - x0) * (y1 - y0);
        return inter / ((double)Area + other.Area - inter);
    }

    public bool Contains(float x, float y) => x >= X && x < X + Width && y >= Y && y < Y + Height;
}
