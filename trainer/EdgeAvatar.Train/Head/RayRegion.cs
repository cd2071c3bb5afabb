namespace EdgeAvatar.Train.Head;

/// <summary>
/// Where a training ray's pixel lies, for the regularisers of the audio path. The values are what the GPU backward
/// shaders read (one uint per ray), so they must not change.
/// </summary>
public enum RayRegion : byte
{
    /// <summary>Inside the face box, outside the lips box: no regulariser.</summary>
    Face = 0,
    /// <summary>Outside the face box: audio coordinate to the centre and audio gate shut (RAD-NeRF's ambient L1).</summary>
    OutsideFace = 1,
    /// <summary>Inside the (inflated) lips box: the audio gate is pulled open.</summary>
    Lips = 2,
}
