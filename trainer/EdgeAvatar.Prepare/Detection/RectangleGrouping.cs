namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// OpenCV's groupRectangles: cluster boxes whose four edges all lie within eps·(mean of the two smaller sides) of each
/// other (transitively, as cv::partition does), average each cluster, drop clusters with ≤ minNeighbors members, then
/// drop a cluster's box that sits inside a stronger cluster's box (with eps slack). Output order follows the first
/// member of each cluster in the input, as in OpenCV.
/// </summary>
public static class RectangleGrouping
{
    public static List<FaceBox> Group(IReadOnlyList<FaceBox> boxes, int minNeighbors, double eps)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        int n = boxes.Count;
        var parent = new int[n];
        for (int i = 0; i < n; i++)
        {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (Similar(boxes[i], boxes[j], eps))
                {
                    int a = Find(parent, i), b = Find(parent, j);
                    if (a != b)
                    {
                        parent[Math.Max(a, b)] = Math.Min(a, b);
                    }
                }
            }
        }
        var label = new Dictionary<int, int>();
        var sums = new List<(long X, long Y, long W, long H, int Count)>();
        for (int i = 0; i < n; i++)
        {
            int root = Find(parent, i);
            if (!label.TryGetValue(root, out int c))
            {
                c = sums.Count;
                label[root] = c;
                sums.Add((0, 0, 0, 0, 0));
            }
            var s = sums[c];
            var b = boxes[i];
            sums[c] = (s.X + b.X, s.Y + b.Y, s.W + b.Width, s.H + b.Height, s.Count + 1);
        }
        var avg = new FaceBox[sums.Count];
        for (int c = 0; c < sums.Count; c++)
        {
            var s = sums[c];
            double k = 1.0 / s.Count;
            avg[c] = new FaceBox(Round(s.X * k), Round(s.Y * k), Round(s.W * k), Round(s.H * k));
        }
        var result = new List<FaceBox>();
        for (int i = 0; i < avg.Length; i++)
        {
            int n1 = sums[i].Count;
            if (n1 <= minNeighbors)
            {
                continue;
            }
            var r1 = avg[i];
            bool nested = false;
            for (int j = 0; j < avg.Length && !nested; j++)
            {
                int n2 = sums[j].Count;
                if (j == i || n2 <= minNeighbors)
                {
                    continue;
                }
                var r2 = avg[j];
                int dx = Round(r2.Width * eps), dy = Round(r2.Height * eps);
                nested = r1.X >= r2.X - dx && r1.Y >= r2.Y - dy && r1.X + r1.Width <= r2.X + r2.Width + dx
                    && r1.Y + r1.Height <= r2.Y + r2.Height + dy && (n2 > Math.Max(3, n1) || n1 < 3);
            }
            if (!nested)
            {
                result.Add(r1);
            }
        }
        return result;
    }

    private static bool Similar(FaceBox a, FaceBox b, double eps)
    {
        double delta = eps * (Math.Min(a.Width, b.Width) + Math.Min(a.Height, b.Height)) * 0.5;
        return Math.Abs(a.X - b.X) <= delta && Math.Abs(a.Y - b.Y) <= delta
            && Math.Abs(a.X + a.Width - b.X - b.Width) <= delta && Math.Abs(a.Y + a.Height - b.Y - b.Height) <= delta;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static int Round(double v) => (int)Math.Round(v, MidpointRounding.ToEven);
}
