using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// What <see cref="LandmarkGeneratorSelection"/> chose: the landmark generator, the setting it was refitted with and
/// that setting's held-out-fold figures, and the components its scores are of.
/// </summary>
public sealed record LandmarkGeneratorFitResult(MouthGenerator Generator, MouthCandidate Chosen, LandmarkComponents Components);
