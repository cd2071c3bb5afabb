using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// One generator setting tried by <see cref="MouthGeneratorSelection"/> and how it did on held-out folds of the
/// training frames: the inner-opening correlation and its spread ratio (p90 − p10, prediction ÷ recorded) before
/// amplitude matching.
/// </summary>
public sealed record MouthCandidate(string Name, PhoneFeatureConfig FrontEnd, double Lambda, double CvCorrelation, double CvSpreadRatio);
