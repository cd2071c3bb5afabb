using System.Collections.Concurrent;
using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

/// <summary>Records the daemon callbacks in arrival order ("wake", "idle", "button:&lt;greeting&gt;").</summary>
public sealed class RecordingActions : IGpioActions
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public Exception? ThrowOnWake { get; set; }

    public void Wake()
    {
        _calls.Enqueue("wake");
        if (ThrowOnWake is { } e)
            throw e;
    }

    public void Idle() => _calls.Enqueue("idle");

    public void Button(string? greetingFile) => _calls.Enqueue($"button:{greetingFile ?? "listen"}");

    /// <summary>Waits (hang guard only) until <paramref name="count"/> calls have arrived.</summary>
    public void WaitForCalls(int count)
        => Assert.True(SpinWait.SpinUntil(() => _calls.Count >= count, TimeSpan.FromSeconds(10)),
            $"expected {count} GPIO actions, got: {string.Join(", ", Calls)}");
}
