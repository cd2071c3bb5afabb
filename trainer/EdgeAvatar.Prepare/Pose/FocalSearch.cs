namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Initial focal length by a 1-D search: for each candidate, fit every frame of an evenly spaced subsample with the
/// mean face and sum the robust costs; the focal that best explains the perspective foreshortening of the rigid
/// landmarks wins. A coarse log-spaced scan over plausible horizontal fields of view guards against local minima,
/// then a golden-section search in log f refines between the best candidate's neighbours. The result is only a
/// start: the bundle adjustment refines the focal jointly with the shape.
/// </summary>
internal static class FocalSearch
{
    public static double Run(float[][] landmarks, ReadOnlySpan<Vec3d> shape, ReadOnlySpan<double> weights,
        int width, int height, HeadPoseOptions options)
    {
        int n = landmarks.Length;
        int m = Math.Min(n, options.FocalSearchFrames);
        var frames = new int[m];
        for (int i = 0; i < m; i++) frames[i] = (int)((long)i * n / m);
        var shapeCopy = shape.ToArray();
        var weightCopy = weights.ToArray();

        double Cost(double logF)
        {
            var cam = FocalIntrinsics.Centred(Math.Exp(logF), width, height);
            var costs = new double[m];
            Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads }, i =>
            {
                var obs = landmarks[frames[i]];
                var start = RigidPoseFitter.InitialiseAffine(obs, shapeCopy, MeanFace68.RigidIndices, cam);
                costs[i] = start is null ? double.PositiveInfinity
                    : RigidPoseFitter.Refine(obs, shapeCopy, weightCopy, cam, start.Value, options.HuberPx, 20).Cost;
            });
            double sum = 0;
            foreach (double c in costs) sum += c; // fixed order: deterministic
            return sum;
        }

        double lo = Math.Log(FocalIntrinsics.FocalFromHorizontalFov(options.MaxFovDegrees, width));
        double hi = Math.Log(FocalIntrinsics.FocalFromHorizontalFov(options.MinFovDegrees, width));
        const int Steps = 16;
        int best = 0;
        var scan = new double[Steps + 1];
        for (int i = 0; i <= Steps; i++)
        {
            scan[i] = Cost(lo + (hi - lo) * i / Steps);
            if (scan[i] < scan[best]) best = i;
        }
        if (!double.IsFinite(scan[best]))
            throw new EdgeAvatar.Common.EdgeAvatarException(EdgeAvatar.Common.ExitCodes.DataError,
                "head pose: no focal length explains the landmarks (are they all identical or degenerate?)");

        // Golden-section search on [best-1, best+1]; the coarse scan makes the bracket unimodal in practice.
        double a = lo + (hi - lo) * Math.Max(best - 1, 0) / Steps;
        double b = lo + (hi - lo) * Math.Min(best + 1, Steps) / Steps;
        double invPhi = (Math.Sqrt(5) - 1) / 2;
        double x1 = b - invPhi * (b - a), x2 = a + invPhi * (b - a);
        double f1 = Cost(x1), f2 = Cost(x2);
        for (int it = 0; it < 12; it++)
        {
            if (f1 < f2) { b = x2; x2 = x1; f2 = f1; x1 = b - invPhi * (b - a); f1 = Cost(x1); }
            else { a = x1; x1 = x2; f1 = f2; x2 = a + invPhi * (b - a); f2 = Cost(x2); }
        }
        return Math.Exp(f1 < f2 ? x1 : x2);
    }
}
