namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// A parsed OpenCV boosted Haar cascade (the "new" cascade XML: stages → weakClassifiers → internalNodes/leafValues,
/// plus a shared feature list). Immutable; build it with <see cref="HaarCascadeReader"/>.
/// Invariants (checked by the reader): every node's feature index is inside <see cref="Features"/>, every child
/// index points inside its own classifier's nodes or leaves, and every feature rectangle lies inside the window.
/// </summary>
public sealed class HaarCascade
{
    internal HaarCascade(int windowWidth, int windowHeight, HaarStage[] stages, HaarWeakClassifier[] classifiers,
        HaarNode[] nodes, float[] leaves, HaarFeature[] features)
    {
        WindowWidth = windowWidth;
        WindowHeight = windowHeight;
        Stages = stages;
        Classifiers = classifiers;
        Nodes = nodes;
        Leaves = leaves;
        Features = features;
    }

    /// <summary>Training window width in pixels (the header's &lt;width&gt;).</summary>
    public int WindowWidth { get; }

    /// <summary>Training window height in pixels (the header's &lt;height&gt;).</summary>
    public int WindowHeight { get; }

    public IReadOnlyList<HaarStage> Stages { get; }

    public IReadOnlyList<HaarWeakClassifier> Classifiers { get; }

    public IReadOnlyList<HaarNode> Nodes { get; }

    public IReadOnlyList<float> Leaves { get; }

    public IReadOnlyList<HaarFeature> Features { get; }

    /// <summary>The default cascade path of Debian's opencv-data package.</summary>
    public const string DebianFrontalFaceAlt2 = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml";

    /// <summary>Loads <paramref name="path"/>; see <see cref="HaarCascadeReader.Load"/>.</summary>
    public static HaarCascade Load(string path) => HaarCascadeReader.Load(path);
}
