namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// Contiguous split: <see cref="Train"/> = the first ⌊10·N/11⌋ frames, <see cref="Val"/> = the rest (at least one).
/// Contiguous rather than random because neighbouring frames are near-duplicates: a random split would leak.
/// </summary>
public sealed record DatasetSplit(DatasetRange Train, DatasetRange Val)
{
    public static DatasetSplit For(int frameCount)
    {
        if (frameCount < 2) throw new ArgumentOutOfRangeException(nameof(frameCount), "A split needs at least 2 frames.");
        int train = Math.Clamp(frameCount * 10 / 11, 1, frameCount - 1);
        return new DatasetSplit(new DatasetRange(0, train), new DatasetRange(train, frameCount - train));
    }
}
