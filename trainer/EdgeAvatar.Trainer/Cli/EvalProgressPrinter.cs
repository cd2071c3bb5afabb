using EdgeAvatar.Common.Progress;
using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>Shows eval's phases (baseline, evaluate) through the commands' one <see cref="ProgressReporter"/>, synchronously.</summary>
public sealed class EvalProgressPrinter(ProgressReporter reporter) : IProgress<EvalProgress>
{
    private EvalPhase? _phase;

    public void Report(EvalProgress p)
    {
        if (p.Phase != _phase)
        {
            if (_phase is not null) reporter.End();
            _phase = p.Phase;
            reporter.Begin(p.Phase.ToString().ToLowerInvariant(), p.Total, "frames");
        }
        reporter.Report(p.Done);
    }

    public void Finish() => reporter.End();
}
