using EdgeAvatar.Common;

namespace EdgeAvatar.Kernels;

/// <summary>
/// A kernel configuration (grid encoding, MLP) is invalid. The message lists every problem found, one per line, so a
/// user fixing a config file sees them all at once. Exits with <see cref="ExitCodes.Config"/> at the top level.
/// </summary>
public sealed class KernelConfigException : EdgeAvatarException
{
    public KernelConfigException(string configName, IReadOnlyList<string> problems)
        : base(ExitCodes.Config, $"invalid {configName}:{Environment.NewLine}  - "
            + string.Join(Environment.NewLine + "  - ", problems))
        => Problems = problems;

    /// <summary>The individual problems, each a complete sentence naming the offending field.</summary>
    public IReadOnlyList<string> Problems { get; }
}
