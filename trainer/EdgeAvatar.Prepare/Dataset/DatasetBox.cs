namespace EdgeAvatar.Prepare.Dataset;

/// <summary>An axis-aligned pixel rectangle [X, X+Width) × [Y, Y+Height).</summary>
public sealed record DatasetBox(int X, int Y, int Width, int Height);
