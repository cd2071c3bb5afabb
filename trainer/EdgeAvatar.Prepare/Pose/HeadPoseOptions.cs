namespace EdgeAvatar.Prepare.Pose;

/// <summary>Settings of <see cref="HeadPoseEstimator"/>. The defaults suit 25 fps talking-head clips at ~512 px.</summary>
public sealed record HeadPoseOptions
{
    /// <summary>Frame rate of the clip (Hz); converts <see cref="SmoothingCutoffHz"/> to frames.</summary>
    public double Fps { get; init; } = 25;

    /// <summary>
    /// -3 dB cutoff (Hz) of the zero-phase pose smoother; 0 or less disables smoothing. Head motion while talking
    /// sits mostly below 2-3 Hz, while landmark jitter is broadband, so 3 Hz removes most jitter power and leaves
    /// nods intact. See <see cref="PoseSmoother"/>.
    /// </summary>
    public double SmoothingCutoffHz { get; init; } = 3;

    /// <summary>Huber threshold (px) on a landmark's 2-D error: about 3 sigma of good landmark noise at 512 px.</summary>
    public double HuberPx { get; init; } = 3;

    /// <summary>Narrowest horizontal field of view (degrees) the focal search considers (a long lens).</summary>
    public double MinFovDegrees { get; init; } = 6;

    /// <summary>Widest horizontal field of view (degrees) the focal search considers (a phone's main camera ~70).</summary>
    public double MaxFovDegrees { get; init; } = 75;

    /// <summary>Frames sampled evenly for the initial focal search.</summary>
    public int FocalSearchFrames { get; init; } = 60;

    /// <summary>Levenberg-Marquardt iterations of the bundle adjustment (each one linearisation).</summary>
    public int MaxIterations { get; init; } = 40;

    /// <summary>Prior std-dev (cm) of left-right asymmetry of the fitted shape, per coordinate.</summary>
    public double SymmetrySigmaCm { get; init; } = 0.3;

    /// <summary>Prior std-dev of log focal around the focal search's answer (0.5 = a factor 1.65): only keeps the
    /// focal bounded when the clip has too little head rotation to observe it.</summary>
    public double LogFocalPriorSigma { get; init; } = 0.5;

    /// <summary>Fewest frames accepted: the shape and focal need views from several poses.</summary>
    public int MinFrames { get; init; } = 10;

    /// <summary>Upper bound on worker threads.</summary>
    public int MaxThreads { get; init; } = Environment.ProcessorCount;
}
