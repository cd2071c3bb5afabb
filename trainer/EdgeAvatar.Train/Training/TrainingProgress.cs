namespace EdgeAvatar.Train.Training;

/// <summary>A progress report: step (1-based, of <see cref="TotalSteps"/>), stage, smoothed loss and PSNR, speed, ETA.</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, string Stage, double Loss, double Psnr,
    double StepsPerSecond, TimeSpan Eta, int SamplesPerStep, bool Checkpointed);
