using System.Text.Json.Serialization;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Training;

/// <summary>
/// Training schedule and model size as data (stored in the run directory, so --resume continues the same run).
/// Head stage (RAD-NeRF): photometric MSE + entropy on accumulated opacity + L1 on the audio coordinate outside the
/// face; attention smoothing joins after <see cref="AttentionStartFraction"/> of the head steps. Torso stage: head
/// frozen, torso over the plate, against the recording off the head and weakly against the plate behind it.
/// </summary>
public sealed record TrainPreset
{
    public required string Name { get; init; }
    public required AvatarModelConfig Model { get; init; }
    public int HeadSteps { get; init; }
    public int TorsoSteps { get; init; }
    /// <summary>Rays per head step, all from one frame (RAD-NeRF samples one image per step).</summary>
    public int RaysPerStep { get; init; } = 4096;
    /// <summary>Pixels per torso step (one frame) that the labels do not mark as head; the head pixels met while drawing
    /// them are trained beside them (TorsoStage/TorsoStepper.cs).</summary>
    public int TorsoPixelsPerStep { get; init; } = 8192;
    /// <summary>
    /// Weight of the torso's pull towards the plate behind head pixels (TorsoStage/TorsoStepper.cs says why), beside
    /// weight 1 for the recording elsewhere; 0 leaves the torso behind the head untrained. 0.1 measured best of
    /// 0, 0.01, 0.1 and 1 held out (docs/results/2026-12-07-torso-behind-head.md). Also the value for a run.json
    /// written before the field existed.
    /// </summary>
    public float TorsoBehindHeadWeight { get; init; } = 0.1f;
    public float GridLearningRate { get; init; } = 1e-2f;
    public float NetworkLearningRate { get; init; } = 1e-3f;
    /// <summary>Learning rate at the end of a stage, as a fraction of the start (exponential decay).</summary>
    public float FinalLearningRateFraction { get; init; } = 0.1f;
    public float EntropyWeight { get; init; } = 1e-4f;
    public float AmbientWeight { get; init; } = 0.1f;
    /// <summary>
    /// Weight of the pull that keeps the audio gate open on rays in the lips box (Head/AmbientRegulariser.cs says why);
    /// 0 turns it off. Same size as the ambient weight: neither dominates where both act.
    /// </summary>
    public float LipsGateWeight { get; init; } = 0.1f;
    /// <summary>
    /// Weight of an ernerf head's audio-attention penalty outside the face (ErNerf/AttentionRegulariser.cs); 0 turns it
    /// off; other heads have no attention and ignore it.
    /// </summary>
    public float AttentionWeight { get; init; } = 0.1f;
    public float AttentionStartFraction { get; init; } = 0.5f;
    /// <summary>RAD-NeRF gives the attention net 5x the network learning rate.</summary>
    public float AttentionLearningRateScale { get; init; } = 5f;
    public int OccupancyInterval { get; init; } = 16;
    /// <summary>Cells refreshed per occupancy update, as 1/N of the grid (rotating), to bound CPU cost.</summary>
    public int OccupancyPhases { get; init; } = 4;
    /// <summary>Fraction of head rays drawn from the lips box (the lips need more samples than cheeks).</summary>
    public float LipsRayFraction { get; init; } = 0.15f;
    /// <summary>
    /// Fraction of head rays (beside <see cref="LipsRayFraction"/>'s, on every head step) drawn from the box around the
    /// frame's recorded inner-lip landmarks, where teeth and the mouth's interior show when it opens; 0 (the default, and
    /// the value for a run.json written before the field existed) draws none. The lips box is mostly lips and skin, so
    /// its share spends few rays on the gap whose size the lips figures measure.
    /// </summary>
    public float MouthGapRayFraction { get; init; }
    /// <summary>
    /// The lips stage: the last <see cref="LipsStageFraction"/> of the head steps draw <see cref="LipsStageRayFraction"/>
    /// of their rays from the lips box (RAD-NeRF's lips fine-tune, with the photometric loss it already has: no
    /// LPIPS weights exist here). By then the static face is fit, so what is left in the lips box is mostly the
    /// speech-dependent part.
    /// </summary>
    public float LipsStageFraction { get; init; } = 0.25f;
    public float LipsStageRayFraction { get; init; } = 0.6f;
    /// <summary>
    /// Side of the lips stage's patch (Losses/LipsPatchLoss.cs: L1 + SSIM on a side × side patch spanning the lips
    /// box, RAD-NeRF's LPIPS fine-tune without LPIPS weights); 0 turns it off, and the lips stage then draws
    /// <see cref="LipsStageRayFraction"/> of its rays from the lips box instead. side² must not exceed
    /// <see cref="RaysPerStep"/>.
    /// </summary>
    public int LipsPatchSide { get; init; } = 32;
    /// <summary>
    /// Weight of the patch loss beside the photometric MSE. At 0.1 with a 0.2 SSIM share, the L1 part's gradient
    /// per patch sample equals MSE's at an error of about 0.08 in quick (half its rays in the patch; about 0.28 in
    /// full, 48² of 16 384 rays), so it dominates where the error is below that, which is where a blurred mouth
    /// sits. Argued from gradient sizes, not tuned.
    /// </summary>
    public float LipsPatchWeight { get; init; } = 0.1f;
    /// <summary>Share of SSIM (1 − SSIM) in the patch loss; the rest is L1 (3D Gaussian splatting's 0.2).</summary>
    public float LipsPatchSsimShare { get; init; } = 0.2f;
    /// <summary>
    /// Weight of the mouth probe's loss (mean squared error on standardised mouth measures, see
    /// AudioNetworks/MouthProbe.cs); 0 turns it off. Only models whose audio config has a probe use it.
    /// </summary>
    public float MouthProbeWeight { get; init; } = 1e-2f;
    /// <summary>
    /// Share of head steps on which the field sees the recorded mouth measures in the code's first entries instead
    /// of the audio network's prediction (AudioNetworks/MouthCodeForcing.cs); 0 keeps the linear probe instead. The
    /// regression that trains those entries uses <see cref="MouthProbeWeight"/>.
    /// </summary>
    public float MouthCodeForcing { get; init; }
    /// <summary>
    /// Which generator a new run fits and stores in its model's <c>mouth</c> section (the device fills the head's mouth
    /// entries from it instead of the audio network's prediction): <see cref="MouthGenerators.None"/>, or
    /// <see cref="MouthGenerators.Phones"/>, a linear read-out of recognised phones and loudness chosen on held-out folds
    /// of the training frames (AudioNetworks/MouthGeneratorSelection.cs). A generator only moves the mouth of a head
    /// that learned to follow the measures, so it needs <see cref="MouthCodeForcing"/> above 0. For an r2talker head
    /// the generator predicts the landmark rows the head is conditioned on (AudioNetworks/LandmarkGeneratorSelection.cs),
    /// and <see cref="MouthCodeForcing"/> must be 0.
    /// </summary>
    public string MouthGenerator { get; init; } = MouthGenerators.None;
    /// <summary>
    /// How the clip's audio features are disguised on head steps (Data/AudioAugmentConfig.cs); none by default, and
    /// for a run.json written before the field existed.
    /// </summary>
    public AudioAugmentConfig AudioAugment { get; init; } = new();
    /// <summary>
    /// Standard deviation, in the dataset's pixels, of Gaussian noise added to each coordinate of a frame's recorded
    /// landmarks before an r2talker head step is conditioned on them; 0 (the default, and the value for a run.json
    /// written before the field existed) conditions on them as recorded. Why: at render time the landmarks come from a
    /// generator, not from the frame, and a hash grid fitted to 1400 exact landmark sets can key the mouth's look on
    /// differences smaller than dlib's own frame-to-frame jitter; noise of that size makes nearby sets render alike.
    /// Other heads are not conditioned on landmarks and refuse it.
    /// </summary>
    public float LandmarkNoisePixels { get; init; }
    /// <summary>
    /// Multiplies both learning rates in the torso stage. The torso is a 2-D field fit to one frame's pixels per
    /// step, with no occupancy or density to destabilise, so it tolerates larger steps than the head. `quick` uses 3,
    /// which measured better held out than 1 (docs/results/2026-11-26-torso-stage.md).
    /// </summary>
    public float TorsoLearningRateScale { get; init; } = 1f;

    /// <summary>Seeds the initial weights and every step's draws (0 or more; `train --seed`).</summary>
    public int Seed { get; init; } = 1;
    public double CheckpointSeconds { get; init; } = 120;

    [JsonIgnore]
    public int TotalSteps => HeadSteps + TorsoSteps;

    /// <summary>Two CPU cores, ≤ 15 minutes including prepare on the sample clip: a recognisable, talking face.</summary>
    public static TrainPreset Quick { get; } = new()
    {
        Name = "quick", Model = AvatarModelConfig.Quick, HeadSteps = 5000, TorsoSteps = 6000,
        RaysPerStep = 2048, TorsoPixelsPerStep = 4096, TorsoLearningRateScale = 3f,
    };

    /// <summary>
    /// A GPU-sized run (RAD-NeRF scale, fewer steps than its 200k since every step sees more rays). The torso stage's
    /// learning rates are 3x the head's, as in <see cref="Quick"/> (measured there: ×3 beat ×1 at 1500 and at 6000
    /// torso steps, docs/results/2026-11-26-torso-stage.md); here that is 1.5e-2 / 1.5e-3, between RAD-NeRF's torso rates (1e-2 / 1e-3) and quick's.
    /// </summary>
    public static TrainPreset Full { get; } = new()
    {
        Name = "full", Model = AvatarModelConfig.RadNerf, HeadSteps = 30000, TorsoSteps = 10000,
        RaysPerStep = 16384, TorsoPixelsPerStep = 16384, LipsPatchSide = 48, GridLearningRate = 5e-3f, NetworkLearningRate = 5e-4f,
        TorsoLearningRateScale = 3f,
    };

    /// <summary>
    /// Every problem with this preset, each naming its field; empty when valid. run.json can be edited by hand, and
    /// most of these fields fail silently when out of range (a negative learning rate trains backwards, a zero
    /// occupancy interval divides by zero), so they are checked before a run starts or resumes.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add("Name is empty.");
        if (Model is null) problems.Add("Model is missing.");
        else problems.AddRange(Model.Validate().Select(p => "Model: " + p));
        void AtLeast(string field, long value, long min)
        {
            if (value < min) problems.Add($"{field} is {value}; it must be at least {min}.");
        }
        void Positive(string field, double value)
        {
            if (!(double.IsFinite(value) && value > 0)) problems.Add($"{field} is {value}; it must be a finite number above 0.");
        }
        void NonNegative(string field, double value)
        {
            if (!(double.IsFinite(value) && value >= 0)) problems.Add($"{field} is {value}; it must be a finite number, 0 or more.");
        }
        void Fraction(string field, double value)
        {
            if (!(value >= 0 && value <= 1)) problems.Add($"{field} is {value}; it must be between 0 and 1.");
        }
        AtLeast(nameof(HeadSteps), HeadSteps, 0);
        AtLeast(nameof(TorsoSteps), TorsoSteps, 0);
        AtLeast(nameof(RaysPerStep), RaysPerStep, 1);
        AtLeast(nameof(TorsoPixelsPerStep), TorsoPixelsPerStep, 1);
        Fraction(nameof(TorsoBehindHeadWeight), TorsoBehindHeadWeight);
        AtLeast(nameof(Seed), Seed, 0);
        Positive(nameof(GridLearningRate), GridLearningRate);
        Positive(nameof(NetworkLearningRate), NetworkLearningRate);
        if (!(FinalLearningRateFraction > 0 && FinalLearningRateFraction <= 1))
            problems.Add($"{nameof(FinalLearningRateFraction)} is {FinalLearningRateFraction}; it must be above 0 and at most 1.");
        NonNegative(nameof(EntropyWeight), EntropyWeight);
        NonNegative(nameof(AmbientWeight), AmbientWeight);
        NonNegative(nameof(LipsGateWeight), LipsGateWeight);
        NonNegative(nameof(AttentionWeight), AttentionWeight);
        Fraction(nameof(AttentionStartFraction), AttentionStartFraction);
        Positive(nameof(AttentionLearningRateScale), AttentionLearningRateScale);
        AtLeast(nameof(OccupancyInterval), OccupancyInterval, 1);
        AtLeast(nameof(OccupancyPhases), OccupancyPhases, 1);
        Fraction(nameof(LipsRayFraction), LipsRayFraction);
        Fraction(nameof(MouthGapRayFraction), MouthGapRayFraction);
        float lipsBoxShare = Math.Max(LipsRayFraction, LipsStageRayFraction);
        if (MouthGapRayFraction + lipsBoxShare > 1)
            problems.Add($"{nameof(MouthGapRayFraction)} is {MouthGapRayFraction}; with the lips box's share ({lipsBoxShare}) it must not exceed 1.");
        Fraction(nameof(LipsStageFraction), LipsStageFraction);
        Fraction(nameof(LipsStageRayFraction), LipsStageRayFraction);
        AtLeast(nameof(LipsPatchSide), LipsPatchSide, 0);
        if (LipsPatchSide > 0 && (long)LipsPatchSide * LipsPatchSide > RaysPerStep)
            problems.Add($"{nameof(LipsPatchSide)} is {LipsPatchSide}; its square must not exceed {nameof(RaysPerStep)} ({RaysPerStep}).");
        if (LipsPatchSide is > 0 and < ImageMetrics.SsimWindow)
            problems.Add($"{nameof(LipsPatchSide)} is {LipsPatchSide}; a patch must be at least the {ImageMetrics.SsimWindow}-pixel SSIM window (or 0 for none).");
        NonNegative(nameof(LipsPatchWeight), LipsPatchWeight);
        Fraction(nameof(LipsPatchSsimShare), LipsPatchSsimShare);
        NonNegative(nameof(MouthProbeWeight), MouthProbeWeight);
        Fraction(nameof(MouthCodeForcing), MouthCodeForcing);
        if (MouthGenerator is not (MouthGenerators.None or MouthGenerators.Phones))
            problems.Add($"{nameof(MouthGenerator)} is '{MouthGenerator}'; it must be '{MouthGenerators.None}' or '{MouthGenerators.Phones}'.");
        else if (MouthGenerator == MouthGenerators.Phones && Model?.Head is { IsR2Talker: true })
        {
            // An r2talker head has no mouth entries to force: its generator predicts the landmark rows it is conditioned on.
            if (MouthCodeForcing != 0)
                problems.Add($"{nameof(MouthCodeForcing)} is {MouthCodeForcing}; an r2talker head has no mouth entries to force (it must be 0).");
        }
        else if (MouthGenerator == MouthGenerators.Phones)
        {
            if (MouthCodeForcing <= 0)
                problems.Add($"{nameof(MouthGenerator)} '{MouthGenerators.Phones}' needs {nameof(MouthCodeForcing)} above 0 (a head that never saw the measures ignores them).");
            if (Model?.Audio is { } audio && audio.MouthTargets != Data.MouthShapeTargets.Count)
                problems.Add($"{nameof(MouthGenerator)} '{MouthGenerators.Phones}' needs the audio code's {Data.MouthShapeTargets.Count} mouth entries (Model.Audio.MouthTargets is {audio.MouthTargets}).");
        }
        if (AudioAugment is null) problems.Add($"{nameof(AudioAugment)} is missing.");
        else
        {
            problems.AddRange(AudioAugment.Validate().Select(p => $"{nameof(AudioAugment)}: " + p));
            if (AudioAugment.IsOn && Model?.Head is { IsR2Talker: true })
                problems.Add($"{nameof(AudioAugment)} is '{AudioAugment.Type}'; an r2talker head is conditioned on landmarks and hears no audio.");
        }
        NonNegative(nameof(LandmarkNoisePixels), LandmarkNoisePixels);
        if (LandmarkNoisePixels > 0 && Model?.Head is { IsR2Talker: false })
            problems.Add($"{nameof(LandmarkNoisePixels)} is {LandmarkNoisePixels}; only an r2talker head is conditioned on landmarks (it must be 0).");
        Positive(nameof(TorsoLearningRateScale), TorsoLearningRateScale);
        NonNegative(nameof(CheckpointSeconds), CheckpointSeconds); // 0: a checkpoint at every chance (tests)
        return problems;
    }

    public static TrainPreset ByName(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new Common.EdgeAvatarException(Common.ExitCodes.Usage, $"unknown preset '{name}' (quick, full)."),
    };
}
