using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// Parses dlib's serialized shape_predictor: version (1), initial shape (vector), forests (list of cascades, each a
/// list of trees {splits {idx1, idx2, thresh}, leaf vectors}), anchor indices (list of lists), pixel deltas (list of
/// lists of 2-D points). Requires every tree to have the same depth and every cascade the same tree and feature counts
/// (true for dlib's trainer) and the whole file to be consumed; anything else is a <see cref="ShapePredictorFormatException"/>.
/// </summary>
public static class DlibShapePredictorReader
{
    /// <summary>Sanity bound on list sizes so a corrupt count cannot trigger a huge allocation.</summary>
    private const int MaxCount = 1 << 20;

    public static ShapePredictorModel Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new EdgeAvatarException(ExitCodes.NoInput, $"Shape predictor model not found: {path}");
        }
        return Parse(File.ReadAllBytes(path), path);
    }

    public static ShapePredictorModel Parse(byte[] data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        var r = new DlibStreamReader(data, source);
        long version = r.ReadSigned();
        if (version != 1)
        {
            throw r.Fail(0, $"unsupported shape_predictor version {version}");
        }
        long at = r.Position;
        long rows = Math.Abs(r.ReadSigned());
        long cols = Math.Abs(r.ReadSigned());
        if (cols != 1 || rows <= 0 || rows % 2 != 0 || rows > MaxCount)
        {
            throw r.Fail(at, $"initial shape must be a 2Nx1 vector, found {rows}x{cols}");
        }
        int dims = (int)rows;
        var initial = new float[dims];
        for (int i = 0; i < dims; i++)
        {
            initial[i] = r.ReadFloat();
        }

        int cascades = r.ReadCount(MaxCount, "cascade count");
        int trees = -1, splits = -1;
        float[]? leaves = null;
        int[]? idx1 = null, idx2 = null;
        float[]? thresh = null;
        for (int c = 0; c < cascades; c++)
        {
            at = r.Position;
            int t = r.ReadCount(MaxCount, "tree count");
            if (trees < 0)
            {
                trees = t;
            }
            else if (t != trees)
            {
                throw r.Fail(at, $"cascade {c} has {t} trees, cascade 0 has {trees}");
            }
            for (int k = 0; k < t; k++)
            {
                at = r.Position;
                int s = r.ReadCount(MaxCount, "split count");
                if (splits < 0)
                {
                    splits = s;
                    if (s == 0 || ((s + 1) & s) != 0)
                    {
                        throw r.Fail(at, $"tree has {s} splits; a complete binary tree is required");
                    }
                    long treeTotal = (long)cascades * trees;
                    if (treeTotal * (s + 1) * dims > int.MaxValue)
                    {
                        throw r.Fail(at, "model too large");
                    }
                    idx1 = new int[treeTotal * s];
                    idx2 = new int[treeTotal * s];
                    thresh = new float[treeTotal * s];
                    leaves = new float[treeTotal * (s + 1) * dims];
                }
                else if (s != splits)
                {
                    throw r.Fail(at, $"tree with {s} splits, expected {splits}");
                }
                int treeIndex = c * trees + k;
                for (int i = 0; i < s; i++)
                {
                    int o = treeIndex * s + i;
                    idx1![o] = r.ReadCount(MaxCount, "feature index");
                    idx2![o] = r.ReadCount(MaxCount, "feature index");
                    thresh![o] = r.ReadFloat();
                }
                at = r.Position;
                int leafCount = r.ReadCount(MaxCount, "leaf count");
                if (leafCount != s + 1)
                {
                    throw r.Fail(at, $"tree has {leafCount} leaves for {s} splits");
                }
                for (int l = 0; l < leafCount; l++)
                {
                    r.ReadColumnVector(leaves.AsSpan(((treeIndex * leafCount) + l) * dims, dims), "leaf");
                }
            }
        }
        if (cascades == 0 || trees <= 0 || splits <= 0)
        {
            throw r.Fail(r.Position, "model has no trees");
        }

        at = r.Position;
        int anchorLists = r.ReadCount(MaxCount, "anchor list count");
        if (anchorLists != cascades)
        {
            throw r.Fail(at, $"{anchorLists} anchor lists for {cascades} cascades");
        }
        int features = -1;
        int[]? anchors = null;
        for (int c = 0; c < cascades; c++)
        {
            at = r.Position;
            int f = r.ReadCount(MaxCount, "feature count");
            if (features < 0)
            {
                features = f;
                anchors = new int[(long)cascades * f];
            }
            else if (f != features)
            {
                throw r.Fail(at, $"cascade {c} has {f} feature pixels, cascade 0 has {features}");
            }
            for (int i = 0; i < f; i++)
            {
                anchors![c * f + i] = r.ReadCount(MaxCount, "anchor index");
            }
        }
        at = r.Position;
        int deltaLists = r.ReadCount(MaxCount, "delta list count");
        if (deltaLists != cascades)
        {
            throw r.Fail(at, $"{deltaLists} delta lists for {cascades} cascades");
        }
        var deltas = new float[2L * cascades * features];
        for (int c = 0; c < cascades; c++)
        {
            at = r.Position;
            int f = r.ReadCount(MaxCount, "delta count");
            if (f != features)
            {
                throw r.Fail(at, $"cascade {c} has {f} deltas for {features} feature pixels");
            }
            for (int i = 0; i < 2 * f; i++)
            {
                deltas[2 * c * f + i] = r.ReadFloat();
            }
        }
        if (!r.AtEnd)
        {
            throw r.Fail(r.Position, "unexpected bytes after the model");
        }
        return new ShapePredictorModel(dims / 2, cascades, trees, splits, features, initial, idx1!, idx2!, thresh!,
            leaves!, anchors!, deltas);
    }
}
