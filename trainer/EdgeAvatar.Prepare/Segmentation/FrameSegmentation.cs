using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Everything segmentation produces for one frame.
/// <see cref="Mask"/> is the binary (0/255) person mask the labels were cut from; <see cref="Labels"/> holds <see cref="PartLabels"/> values; <see cref="Alpha"/> is the feathered person matte;
/// <see cref="FaceMask"/> is 0/255; <see cref="LipsBox"/> is in pixels, clipped to the frame;
/// <see cref="EyeOpenness"/> is the mean eye aspect ratio of both eyes.
/// </summary>
public sealed record FrameSegmentation(
    ByteMap Alpha,
    ByteMap Mask,
    ByteMap Labels,
    ByteMap FaceMask,
    PixelRect LipsBox,
    float EyeOpenness,
    float MatteThreshold);
