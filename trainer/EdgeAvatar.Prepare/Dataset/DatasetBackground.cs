namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// Where background.png came from: "estimated" (median of uncovered pixels over the clip), "image", "video" or
/// "chroma"; <see cref="ObservedFraction"/> is the share of plate pixels actually seen (the rest was inpainted).
/// </summary>
public sealed record DatasetBackground(string Kind, double ObservedFraction, string? ChromaKey);
