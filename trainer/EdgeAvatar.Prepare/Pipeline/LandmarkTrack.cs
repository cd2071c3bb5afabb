namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Landmarks for every frame after <see cref="LostFrameRepair"/>: <see cref="Landmarks"/>[i] has 136 finite floats
/// (x0,y0,…, output pixels); <see cref="Valid"/>[i] is false where they were interpolated; <see cref="Bridged"/> lists
/// the interpolated runs (inclusive frame ranges).
/// </summary>
public sealed record LandmarkTrack(float[][] Landmarks, bool[] Valid, IReadOnlyList<(int First, int Last)> Bridged)
{
    public int FrameCount => Landmarks.Length;
    public double ValidFraction => FrameCount == 0 ? 0 : (double)Valid.Count(v => v) / FrameCount;
}
