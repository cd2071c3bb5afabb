namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>Values of the per-frame label map (u8). Part of the prepared-data format: never renumber.</summary>
public static class PartLabels
{
    public const byte Background = 0;
    public const byte Head = 1;
    public const byte Neck = 2;
    public const byte Torso = 3;
}
