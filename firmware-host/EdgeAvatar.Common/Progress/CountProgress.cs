namespace EdgeAvatar.Common.Progress;

/// <summary>
/// Forwards a task's "done so far" counts to a <see cref="ProgressReporter"/> on the reporting thread (unlike
/// <see cref="Progress{T}"/>, which posts them to the thread pool, where they may arrive late or out of order).
/// </summary>
public sealed class CountProgress(ProgressReporter reporter) : IProgress<int>
{
    public void Report(int value) => reporter.Report(value);
}
