using System.Globalization;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// Shows training progress through the commands' one <see cref="ProgressReporter"/>: a bar with step, percentage,
/// it/s and ETA on a terminal, plain "step N/total ... it/s ..." lines otherwise (scripts/device/run.sh reads those:
/// keep the "step" label and the "it/s" unit). Stage, loss, PSNR and samples per step follow the figures;
/// checkpoints always print. Reports arrive on the training thread, synchronously.
/// </summary>
public sealed class TrainProgressPrinter(ProgressReporter reporter) : IProgress<TrainingProgress>
{
    private bool _begun;

    public void Report(TrainingProgress p)
    {
        if (!reporter.Enabled) return;
        if (!_begun)
        {
            reporter.Begin("step", p.TotalSteps, "", "it/s");
            _begun = true;
        }
        string detail = string.Create(CultureInfo.InvariantCulture,
            $"{p.Stage,-5} loss {p.Loss:F5} psnr {p.Psnr,5:F2} dB  samples {p.SamplesPerStep}{(p.Checkpointed ? "  [checkpoint]" : "")}");
        reporter.Report(p.Step, detail, force: p.Checkpointed);
    }

    public void Finish() => reporter.End();
}
