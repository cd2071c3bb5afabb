namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// One split of a weak classifier's tree, as OpenCV's internalNodes list it: go <see cref="Left"/> when the normalised
/// feature value is below <see cref="Threshold"/>, else <see cref="Right"/>. A child &gt; 0 is a node index inside the
/// same classifier; a child &lt;= 0 is a leaf, its leaf index being the negated value.
/// </summary>
public readonly record struct HaarNode(int Left, int Right, int FeatureIndex, float Threshold);
