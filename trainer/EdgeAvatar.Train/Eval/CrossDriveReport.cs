namespace EdgeAvatar.Train.Eval;

/// <summary>
/// A cross-driven render measured: Pearson correlation between the rendered inner-lip opening (landmarks 62–66,
/// our detector) and the driving speech's energy per frame, the mean opening during speech and during silence, and the
/// opening per phone class of the driving speech (<see cref="VisemeOpening"/>; null when no phone recogniser ran).
/// </summary>
public sealed record CrossDriveReport(string Audio, int Frames, double MouthEnergyCorrelation,
    double MeanOpeningSpeechPx, double MeanOpeningSilencePx, string? Video, VisemeOpening? Viseme = null);
