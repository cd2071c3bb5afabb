namespace EdgeAvatar.Prepare.Dataset;

/// <summary>A contiguous run of frames [First, First+Count).</summary>
public sealed record DatasetRange(int First, int Count)
{
    public int End => First + Count;
}
