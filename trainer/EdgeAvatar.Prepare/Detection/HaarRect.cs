namespace EdgeAvatar.Prepare.Detection;

/// <summary>One weighted rectangle of a Haar feature, in pixels of the cascade's training window.</summary>
public readonly record struct HaarRect(int X, int Y, int Width, int Height, float Weight);
