using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>What the manifest keeps of one frame's segmentation: lips box (output pixels) and eye openness.</summary>
public readonly record struct SegmentationFrameInfo(PixelRect LipsBox, float EyeOpenness);
