namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// The numbers of a dlib ensemble-of-regression-trees shape predictor, flattened for fast inference and for a raw
/// float32 cache. Index layout (c = cascade, t = tree, s = split, l = leaf, f = feature pixel):
/// split arrays at <c>(c*TreesPerCascade + t)*SplitsPerTree + s</c>; leaf vectors of length 2·LandmarkCount at
/// <c>((c*TreesPerCascade + t)*LeavesPerTree + l) * 2·LandmarkCount</c>; anchors at <c>c*FeaturesPerCascade + f</c>,
/// deltas (x,y pairs) at twice that. Shapes are x0,y0,x1,y1,... in the unit face box.
/// Invariants (checked by <see cref="Validate"/>): trees are complete binary trees (LeavesPerTree = SplitsPerTree+1),
/// split feature indices &lt; FeaturesPerCascade, anchors &lt; LandmarkCount, array lengths match the counts.
/// </summary>
public sealed class ShapePredictorModel
{
    internal ShapePredictorModel(int landmarkCount, int cascadeCount, int treesPerCascade, int splitsPerTree,
        int featuresPerCascade, float[] initialShape, int[] splitIndex1, int[] splitIndex2, float[] splitThreshold,
        float[] leaves, int[] anchors, float[] deltas)
    {
        LandmarkCount = landmarkCount;
        CascadeCount = cascadeCount;
        TreesPerCascade = treesPerCascade;
        SplitsPerTree = splitsPerTree;
        FeaturesPerCascade = featuresPerCascade;
        InitialShape = initialShape;
        SplitIndex1 = splitIndex1;
        SplitIndex2 = splitIndex2;
        SplitThreshold = splitThreshold;
        Leaves = leaves;
        Anchors = anchors;
        Deltas = deltas;
        Validate();
    }

    public int LandmarkCount { get; }
    public int CascadeCount { get; }
    public int TreesPerCascade { get; }
    public int SplitsPerTree { get; }
    public int LeavesPerTree => SplitsPerTree + 1;
    public int FeaturesPerCascade { get; }

    /// <summary>The mean shape in unit-box coordinates (2·LandmarkCount floats).</summary>
    public float[] InitialShape { get; }

    internal int[] SplitIndex1 { get; }
    internal int[] SplitIndex2 { get; }
    internal float[] SplitThreshold { get; }
    internal float[] Leaves { get; }
    internal int[] Anchors { get; }
    internal float[] Deltas { get; }

    /// <summary>Debian libdlib-data's 68-point model.</summary>
    public const string DebianModelPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    /// <summary>
    /// Loads a dlib .dat through the float32 cache (see <see cref="ShapePredictorCache"/>): a valid cache for this file's
    /// size and modification time is read directly, otherwise the .dat is parsed and the cache rewritten atomically.
    /// <paramref name="cacheDirectory"/> defaults to $XDG_CACHE_HOME/edgeavatar (or ~/.cache/edgeavatar).
    /// </summary>
    public static ShapePredictorModel Load(string datPath, string? cacheDirectory = null) =>
        ShapePredictorCache.LoadOrBuild(datPath, cacheDirectory);

    private void Validate()
    {
        int dims = 2 * LandmarkCount;
        long trees = (long)CascadeCount * TreesPerCascade;
        if (LandmarkCount <= 0 || CascadeCount <= 0 || TreesPerCascade <= 0 || SplitsPerTree <= 0
            || FeaturesPerCascade <= 0 || ((SplitsPerTree + 1) & SplitsPerTree) != 0
            || InitialShape.Length != dims || SplitIndex1.Length != trees * SplitsPerTree
            || SplitIndex2.Length != SplitIndex1.Length || SplitThreshold.Length != SplitIndex1.Length
            || Leaves.Length != trees * LeavesPerTree * dims
            || Anchors.Length != (long)CascadeCount * FeaturesPerCascade || Deltas.Length != 2L * Anchors.Length)
        {
            throw new ShapePredictorFormatException("Shape predictor arrays do not match their declared sizes.");
        }
        for (int i = 0; i < SplitIndex1.Length; i++)
        {
            if ((uint)SplitIndex1[i] >= (uint)FeaturesPerCascade || (uint)SplitIndex2[i] >= (uint)FeaturesPerCascade)
            {
                throw new ShapePredictorFormatException($"Split {i} uses a feature pixel outside 0..{FeaturesPerCascade - 1}.");
            }
        }
        foreach (int a in Anchors)
        {
            if ((uint)a >= (uint)LandmarkCount)
            {
                throw new ShapePredictorFormatException($"Anchor landmark {a} outside 0..{LandmarkCount - 1}.");
            }
        }
    }
}
