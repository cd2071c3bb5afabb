using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Imaging;

namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// Multi-scale sliding-window Haar detector reproducing OpenCV 4's CascadeClassifier.detectMultiScale
/// (cascadedetect.cpp): the image, not the window, is scaled; each scale s = ScaleFactor^k shrinks the gray image to
/// round(size/s) and slides the fixed training window over it in steps of 2 px (1 px once s &gt; 2), skipping one extra
/// step after a rejection in the first stage. Each window is variance-normalised over its 1-px-inset rectangle, windows
/// whose standard deviation is ≤ 10 grey levels are rejected outright (OpenCV's area·(1/σ·area) &lt; 0.1 test), and
/// raw hits are merged by <see cref="RectangleGrouping"/>.
/// Thread-safe: the cascade is immutable and all scratch is per call.
/// </summary>
public sealed class HaarFaceDetector
{
    /// <summary>OpenCV subtracts this from every stage threshold when it loads a cascade (THRESHOLD_EPS).</summary>
    private const float StageThresholdEpsilon = 1e-5f;

    /// <summary>OpenCV's GROUP_EPS for detectMultiScale.</summary>
    private const double GroupEps = 0.2;

    private readonly HaarCascade _cascade;
    private readonly HaarNode[] _nodes;
    private readonly HaarWeakClassifier[] _classifiers;
    private readonly HaarStage[] _stages;
    private readonly float[] _leaves;
    private readonly HaarFeature[] _features;

    public HaarFaceDetector(HaarCascade cascade)
    {
        ArgumentNullException.ThrowIfNull(cascade);
        _cascade = cascade;
        _nodes = cascade.Nodes.ToArray();
        _classifiers = cascade.Classifiers.ToArray();
        _stages = cascade.Stages.ToArray();
        _leaves = cascade.Leaves.ToArray();
        _features = cascade.Features.ToArray();
    }

    public HaarCascade Cascade => _cascade;

    /// <summary>Loads the Debian alt2 frontal cascade (the project default).</summary>
    public static HaarFaceDetector CreateDefault() => new(HaarCascade.Load(HaarCascade.DebianFrontalFaceAlt2));

    /// <summary>Detects faces in an RGB frame (converted with OpenCV's BT.601 luma, as the cascade was trained).</summary>
    public IReadOnlyList<FaceBox> Detect(RgbFrame frame, HaarDetectorOptions? options = null) =>
        Detect(GrayImage.FromRgbLuma(frame), options);

    /// <summary>Detects faces in a gray image; boxes are in that image's pixels, grouped unless MinNeighbors is 0.</summary>
    public IReadOnlyList<FaceBox> Detect(GrayImage image, HaarDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= new HaarDetectorOptions();
        if (!(options.ScaleFactor > 1.0) || options.MinNeighbors < 0 || options.MinSize < 0 || options.MaxSize < 0)
        {
            throw new EdgeAvatarException(ExitCodes.Usage,
                "Haar detector options: ScaleFactor must exceed 1 and sizes/neighbours must not be negative.");
        }
        var raw = DetectRaw(image, options);
        return options.MinNeighbors > 0 ? RectangleGrouping.Group(raw, options.MinNeighbors, GroupEps) : raw;
    }

    private List<FaceBox> DetectRaw(GrayImage image, HaarDetectorOptions options)
    {
        int winW = _cascade.WindowWidth, winH = _cascade.WindowHeight;
        int maxW = options.MaxSize > 0 ? options.MaxSize : image.Width;
        int maxH = options.MaxSize > 0 ? options.MaxSize : image.Height;
        var hits = new List<FaceBox>();
        for (double factor = 1; ; factor *= options.ScaleFactor)
        {
            // OpenCV keeps its scale list in float; the window size uses the double factor, the rest the float.
            int ww = (int)Math.Round(winW * factor, MidpointRounding.ToEven);
            int wh = (int)Math.Round(winH * factor, MidpointRounding.ToEven);
            if (ww > maxW || wh > maxH)
            {
                break;
            }
            if (ww < options.MinSize || wh < options.MinSize)
            {
                continue;
            }
            float scale = (float)factor;
            int sw = (int)Math.Round(image.Width / scale, MidpointRounding.ToEven);
            int sh = (int)Math.Round(image.Height / scale, MidpointRounding.ToEven);
            if (sw < winW || sh < winH)
            {
                break;
            }
            var scaled = image.Resize(sw, sh);
            ScanScale(new IntegralImage(scaled), scale, ww, wh, hits);
        }
        return hits;
    }

    /// <summary>Per-scale precomputed table offsets of one feature's (up to 3) rectangles.</summary>
    private struct FeatureOffsets
    {
        public int A0, B0, C0, D0, A1, B1, C1, D1, A2, B2, C2, D2;
        public float W0, W1, W2;
    }

    private void ScanScale(IntegralImage ii, float scale, int boxW, int boxH, List<FaceBox> hits)
    {
        int stride = ii.Stride;
        int winW = _cascade.WindowWidth, winH = _cascade.WindowHeight;
        var offs = new FeatureOffsets[_features.Length];
        for (int f = 0; f < offs.Length; f++)
        {
            var r = _features[f].Rects;
            ref var o = ref offs[f];
            Corners(r[0], stride, out o.A0, out o.B0, out o.C0, out o.D0);
            o.W0 = r[0].Weight;
            if (r.Count > 1)
            {
                Corners(r[1], stride, out o.A1, out o.B1, out o.C1, out o.D1);
                o.W1 = r[1].Weight;
            }
            if (r.Count > 2)
            {
                Corners(r[2], stride, out o.A2, out o.B2, out o.C2, out o.D2);
                o.W2 = r[2].Weight;
            }
        }
        // Variance normalisation window: the training window inset by one pixel on every side (OpenCV's normrect).
        Corners(new HaarRect(1, 1, winW - 2, winH - 2, 1f), stride, out int na, out int nb, out int nc, out int nd);
        double area = (winW - 2) * (winH - 2);

        int step = scale > 2f ? 1 : 2;
        // setWindow accepts x + winW < integral width, i.e. x <= scaledWidth - winW.
        int lastX = ii.Width - winW, lastY = ii.Height - winH;
        int[] sum = ii.Sum;
        long[] sq = ii.SquareSum;
        for (int y = 0; y <= lastY; y += step)
        {
            for (int x = 0; x <= lastX; x += step)
            {
                int p = y * stride + x;
                int valSum = sum[p + na] - sum[p + nb] - sum[p + nc] + sum[p + nd];
                long valSq = sq[p + na] - sq[p + nb] - sq[p + nc] + sq[p + nd];
                double nf = area * valSq - (double)valSum * valSum;
                if (nf <= 0)
                {
                    continue;
                }
                float norm = (float)(1.0 / Math.Sqrt(nf));
                if (!(area * norm < 1e-1))
                {
                    continue;
                }
                int result = Evaluate(sum, p, norm, offs);
                if (result > 0)
                {
                    hits.Add(new FaceBox((int)Math.Round(x * scale, MidpointRounding.ToEven),
                        (int)Math.Round(y * scale, MidpointRounding.ToEven), boxW, boxH));
                }
                else if (result == 0)
                {
                    x += step;
                }
            }
        }
    }

    /// <summary>1 when all stages pass, else minus the index of the rejecting stage (0 for the first).</summary>
    private int Evaluate(int[] sum, int p, float norm, FeatureOffsets[] offs)
    {
        var stages = _stages;
        var classifiers = _classifiers;
        var nodes = _nodes;
        var leaves = _leaves;
        for (int si = 0; si < stages.Length; si++)
        {
            var stage = stages[si];
            double acc = 0;
            int end = stage.FirstClassifier + stage.ClassifierCount;
            for (int ci = stage.FirstClassifier; ci < end; ci++)
            {
                var wc = classifiers[ci];
                int idx = 0;
                do
                {
                    var node = nodes[wc.NodeOffset + idx];
                    ref readonly var o = ref offs[node.FeatureIndex];
                    // Float arithmetic in the same order as OpenCV's HaarEvaluator::OptFeature::calc.
                    float v = o.W0 * (sum[p + o.A0] - sum[p + o.B0] - sum[p + o.C0] + sum[p + o.D0])
                        + o.W1 * (sum[p + o.A1] - sum[p + o.B1] - sum[p + o.C1] + sum[p + o.D1]);
                    if (o.W2 != 0f)
                    {
                        v += o.W2 * (sum[p + o.A2] - sum[p + o.B2] - sum[p + o.C2] + sum[p + o.D2]);
                    }
                    v *= norm;
                    idx = v < node.Threshold ? node.Left : node.Right;
                }
                while (idx > 0);
                acc += leaves[wc.LeafOffset - idx];
            }
            if (acc < stage.Threshold - StageThresholdEpsilon)
            {
                return -si;
            }
        }
        return 1;
    }

    private static void Corners(HaarRect r, int stride, out int a, out int b, out int c, out int d)
    {
        a = r.Y * stride + r.X;
        b = a + r.Width;
        c = a + r.Height * stride;
        d = c + r.Width;
    }
}
