using System.Collections.Concurrent;
using EdgeAvatar.Compute;
using Xunit.Sdk;

namespace EdgeAvatar.Testing;

/// <summary>
/// Exclusive use of the shared validated device for one test. Dispose fails the test (throws) when validation
/// messages arrived since the previous scope ended and were not taken with <see cref="TakeValidationMessages"/>,
/// or when the test left buffers, kernels, command lists, fences or timestamp pools of the shared device undisposed.
/// </summary>
public sealed class GpuScope : IDisposable
{
    private readonly ConcurrentQueue<string> _messages;
    private readonly SemaphoreSlim _gate;
    private readonly int _liveAtStart;
    private bool _disposed;

    internal GpuScope(ComputeDevice device, ConcurrentQueue<string> messages, SemaphoreSlim gate)
    {
        Device = device;
        _messages = messages;
        _gate = gate;
        _liveAtStart = device.LiveObjectCount;
    }

    /// <summary>The shared device (validation and synchronization validation on). Do not dispose it.</summary>
    public ComputeDevice Device { get; }

    /// <summary>
    /// Returns and clears the messages collected so far, for tests that provoke a validation error on purpose
    /// (assert on them; the scope then ends clean).
    /// </summary>
    public IReadOnlyList<string> TakeValidationMessages()
    {
        var taken = new List<string>();
        while (_messages.TryDequeue(out string? message))
            taken.Add(message);
        return taken;
    }

    /// <summary>Fails now if any validation message has arrived (for a check mid-test).</summary>
    public void AssertNoValidationMessages()
    {
        IReadOnlyList<string> messages = TakeValidationMessages();
        if (messages.Count > 0)
        {
            throw new XunitException(
                $"{messages.Count} Vulkan validation message(s) during this test:\n" + string.Join("\n", messages));
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            AssertNoValidationMessages();
            int leaked = Device.LiveObjectCount - _liveAtStart;
            if (leaked > 0)
                throw new XunitException($"The test left {leaked} GPU object(s) of the shared device undisposed (use `using`).");
        }
        finally
        {
            _gate.Release();
        }
    }
}
