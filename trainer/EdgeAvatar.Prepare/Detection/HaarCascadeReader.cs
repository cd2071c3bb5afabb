using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// Reads OpenCV's cascade XML (the format opencv_traincascade writes, &lt;cascade type_id="opencv-cascade-classifier"&gt;)
/// with System.Xml. Only BOOST + HAAR cascades with upright features are accepted; the old pre-2.x format
/// (&lt;haarcascade_frontalface...&gt; with &lt;trees&gt;) and tilted features raise a data error, as do counts that
/// disagree with the file's own header fields (stageNum, per-stage maxWeakCount).
/// </summary>
public static class HaarCascadeReader
{
    public static HaarCascade Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new EdgeAvatarException(ExitCodes.NoInput, $"Haar cascade not found: {path}");
        }
        XDocument doc;
        try
        {
            doc = XDocument.Load(path);
        }
        catch (XmlException e)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"Haar cascade {path} is not valid XML: {e.Message}", e);
        }
        return Parse(doc, path);
    }

    /// <summary>Parses an already loaded document; <paramref name="source"/> names it in error messages.</summary>
    public static HaarCascade Parse(XDocument doc, string source)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var cascade = doc.Root?.Elements("cascade").FirstOrDefault()
            ?? throw Error(source, "no <cascade> element (old-format or non-OpenCV file?)");
        if (Text(cascade, "stageType", source) != "BOOST" || Text(cascade, "featureType", source) != "HAAR")
        {
            throw Error(source, "only BOOST cascades of HAAR features are supported");
        }
        int winW = Int(Text(cascade, "width", source), source);
        int winH = Int(Text(cascade, "height", source), source);
        int stageNum = Int(Text(cascade, "stageNum", source), source);
        if (winW <= 0 || winH <= 0)
        {
            throw Error(source, $"bad window size {winW}x{winH}");
        }

        var features = ReadFeatures(cascade, winW, winH, source);
        var stages = new List<HaarStage>();
        var classifiers = new List<HaarWeakClassifier>();
        var nodes = new List<HaarNode>();
        var leaves = new List<float>();
        var stageElems = Required(cascade, "stages", source).Elements("_").ToList();
        if (stageElems.Count != stageNum)
        {
            throw Error(source, $"header says {stageNum} stages, found {stageElems.Count}");
        }
        foreach (var st in stageElems)
        {
            int maxWeak = Int(Text(st, "maxWeakCount", source), source);
            float thr = Float(Text(st, "stageThreshold", source), source);
            var weak = Required(st, "weakClassifiers", source).Elements("_").ToList();
            if (weak.Count != maxWeak)
            {
                throw Error(source, $"stage {stages.Count}: maxWeakCount {maxWeak} but {weak.Count} classifiers");
            }
            stages.Add(new HaarStage(classifiers.Count, weak.Count, thr));
            foreach (var wc in weak)
            {
                var inner = Numbers(Text(wc, "internalNodes", source));
                var leafVals = Numbers(Text(wc, "leafValues", source));
                if (inner.Length == 0 || inner.Length % 4 != 0)
                {
                    throw Error(source, "internalNodes must hold groups of 4 numbers (left right feature threshold)");
                }
                int n = inner.Length / 4;
                if (leafVals.Length != n + 1)
                {
                    // A binary tree with n splits has n+1 leaves; anything else would let a child index escape.
                    throw Error(source, $"a tree with {n} nodes needs {n + 1} leaf values, got {leafVals.Length}");
                }
                classifiers.Add(new HaarWeakClassifier(nodes.Count, n, leaves.Count, leafVals.Length));
                for (int i = 0; i < n; i++)
                {
                    int left = Int(inner[4 * i], source), right = Int(inner[4 * i + 1], source);
                    int feat = Int(inner[4 * i + 2], source);
                    float t = Float(inner[4 * i + 3], source);
                    if (feat < 0 || feat >= features.Length)
                    {
                        throw Error(source, $"feature index {feat} outside 0..{features.Length - 1}");
                    }
                    foreach (int child in new[] { left, right })
                    {
                        // Children > 0 must point forward (no cycles), leaves -child must exist.
                        if (child > 0 ? child >= n || child <= i : -child > n)
                        {
                            throw Error(source, $"tree child index {child} out of range");
                        }
                    }
                    nodes.Add(new HaarNode(left, right, feat, t));
                }
                foreach (var v in leafVals)
                {
                    leaves.Add(Float(v, source));
                }
            }
        }
        return new HaarCascade(winW, winH, stages.ToArray(), classifiers.ToArray(), nodes.ToArray(), leaves.ToArray(),
            features);
    }

    private static HaarFeature[] ReadFeatures(XElement cascade, int winW, int winH, string source)
    {
        var list = new List<HaarFeature>();
        foreach (var f in Required(cascade, "features", source).Elements("_"))
        {
            var tilted = f.Element("tilted");
            if (tilted is not null && tilted.Value.Trim() != "0")
            {
                throw Error(source, "tilted Haar features are not supported");
            }
            var rects = new List<HaarRect>();
            foreach (var r in Required(f, "rects", source).Elements("_"))
            {
                var v = Numbers(r.Value);
                if (v.Length != 5)
                {
                    throw Error(source, "a feature rect needs 5 numbers (x y w h weight)");
                }
                var rect = new HaarRect(Int(v[0], source), Int(v[1], source), Int(v[2], source), Int(v[3], source),
                    Float(v[4], source));
                if (rect.X < 0 || rect.Y < 0 || rect.Width <= 0 || rect.Height <= 0 || rect.X + rect.Width > winW
                    || rect.Y + rect.Height > winH)
                {
                    throw Error(source, $"feature rect {rect} leaves the {winW}x{winH} window");
                }
                rects.Add(rect);
            }
            if (rects.Count is < 1 or > 3)
            {
                throw Error(source, $"a feature needs 1..3 rects, got {rects.Count}");
            }
            list.Add(new HaarFeature(rects));
        }
        return list.ToArray();
    }

    private static XElement Required(XElement parent, string name, string source) =>
        parent.Element(name) ?? throw Error(source, $"missing <{name}> in <{parent.Name}>");

    private static string Text(XElement parent, string name, string source) => Required(parent, name, source).Value.Trim();

    private static string[] Numbers(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static int Int(string s, string source) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw Error(source, $"'{s}' is not an integer");

    private static float Float(string s, string source) =>
        float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)
            ? v
            : throw Error(source, $"'{s}' is not a finite number");

    private static EdgeAvatarException Error(string source, string what) =>
        new(ExitCodes.DataError, $"Haar cascade {source}: {what}.");
}
