using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Trainer.Cli;

/// <summary>
/// Prints training progress to stderr: one line per ~2 s when stderr is a terminal (rewritten in place); otherwise one
/// line per 5 % or per <see cref="LogIntervalSeconds"/>, whichever comes first — short CI logs, yet a long run piped
/// to a log file (a GPU box, systemd) still shows it is alive and how fast it goes. Checkpoints always print.
/// Reports arrive on the training thread, synchronously.
/// </summary>
public sealed class TrainProgressPrinter(bool quiet) : IProgress<TrainingProgress>
{
    /// <summary>Longest gap between lines when stderr is not a terminal.</summary>
    public const double LogIntervalSeconds = 10;

    private readonly bool _tty = !Console.IsErrorRedirected;
    private DateTime _last = DateTime.MinValue;
    private int _lastPercent = -1;

    public void Report(TrainingProgress p)
    {
        if (quiet) return;
        int percent = (int)(100L * p.Step / Math.Max(1, p.TotalSteps));
        double since = (DateTime.UtcNow - _last).TotalSeconds;
        bool due = p.Step == p.TotalSteps || (_tty ? since >= 2 : percent / 5 != _lastPercent / 5 || since >= LogIntervalSeconds);
        if (!due && !p.Checkpointed) return;
        _last = DateTime.UtcNow;
        _lastPercent = percent;
        string line = $"step {p.Step,6}/{p.TotalSteps} {p.Stage,-5} loss {p.Loss:F5} psnr {p.Psnr,5:F2} dB "
            + $"{p.StepsPerSecond,5:F2} it/s  eta {p.Eta:hh\\:mm\\:ss}  samples {p.SamplesPerStep}{(p.Checkpointed ? "  [checkpoint]" : "")}";
        if (_tty) Console.Error.Write("\r" + line.PadRight(100));
        else Console.Error.WriteLine(line);
    }

    public void Finish()
    {
        if (!quiet && _tty) Console.Error.WriteLine();
    }
}
