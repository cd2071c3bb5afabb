using System.Collections.Concurrent;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

/// <summary>
/// An in-memory GPIO chip. Lines listed in <see cref="InitialLevels"/> start at that logical level (default
/// inactive); lines in <see cref="BusyLines"/> fail to be requested like a line held by another consumer.
/// </summary>
public sealed class FakeGpioChip(string name = "fakechip0") : IGpioChip
{
    private readonly ConcurrentDictionary<int, FakeInputLine> _inputs = new();
    private readonly ConcurrentDictionary<int, FakeOutputLine> _outputs = new();

    public string Name { get; } = name;

    public Dictionary<int, bool> InitialLevels { get; } = [];

    public HashSet<int> BusyLines { get; } = [];

    public bool Disposed { get; private set; }

    public IReadOnlyCollection<FakeInputLine> RequestedInputs => [.. _inputs.Values];

    public IReadOnlyCollection<FakeOutputLine> RequestedOutputs => [.. _outputs.Values];

    public FakeInputLine Input(int offset) => _inputs[offset];

    public FakeOutputLine Output(int offset) => _outputs[offset];

    public IGpioInputLine RequestInput(int offset, bool activeLow, bool pullUp)
    {
        ThrowIfBusy(offset);
        return _inputs[offset] = new FakeInputLine(offset, InitialLevels.GetValueOrDefault(offset), activeLow, pullUp);
    }

    public IGpioOutputLine RequestOutput(int offset, bool activeLow, bool initiallyActive)
    {
        ThrowIfBusy(offset);
        return _outputs[offset] = new FakeOutputLine(offset, initiallyActive, activeLow);
    }

    public void Dispose() => Disposed = true;

    private void ThrowIfBusy(int offset)
    {
        if (BusyLines.Contains(offset))
            throw new EdgeAvatarException(ExitCodes.Unavailable, $"GPIO line {offset} on '{Name}' is busy");
    }
}
