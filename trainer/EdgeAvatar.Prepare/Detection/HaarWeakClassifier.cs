namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// A weak classifier (a small tree; a stump when <see cref="NodeCount"/> is 1): its nodes are
/// <c>Nodes[NodeOffset .. NodeOffset+NodeCount)</c> and its leaves <c>Leaves[LeafOffset ..]</c> of the cascade.
/// </summary>
public readonly record struct HaarWeakClassifier(int NodeOffset, int NodeCount, int LeafOffset, int LeafCount);
