namespace EdgeAvatar.Train.Eval;

/// <summary>
/// The mouth on the evaluated held-out frames, rendered from the clip's own audio, beside the real person: opening
/// (<see cref="MouthOpening"/>) spread p90 − p10 and mean of each, and the openings per phone class
/// (<see cref="VisemeContrast"/>) on those frames (<see cref="Rendered"/>, <see cref="Real"/>) and, for the real person,
/// over every valid frame of the clip from the dataset's landmarks (<see cref="RealWholeClip"/>, the steadier
/// reference: the held-out span holds few bilabials). The phone measures are null when no phone recogniser ran.
/// </summary>
public sealed record MouthScores
{
    public required int Frames { get; init; }
    public required double RenderedSpread { get; init; }
    public required double RealSpread { get; init; }
    public required double RenderedMean { get; init; }
    public required double RealMean { get; init; }
    public VisemeOpening? Rendered { get; init; }
    public VisemeOpening? Real { get; init; }
    public VisemeOpening? RealWholeClip { get; init; }
}
