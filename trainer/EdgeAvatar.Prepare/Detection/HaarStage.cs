namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// A boosted stage: the window passes when the sum of its classifiers' leaf values reaches <see cref="Threshold"/>
/// (the value as written in the XML). Its classifiers are <c>Classifiers[FirstClassifier .. +ClassifierCount)</c>.
/// </summary>
public readonly record struct HaarStage(int FirstClassifier, int ClassifierCount, float Threshold);
