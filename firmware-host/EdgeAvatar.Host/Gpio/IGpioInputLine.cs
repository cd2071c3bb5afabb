namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// A requested input line. Not thread-safe: exactly one thread waits on it, and <see cref="IDisposable.Dispose"/> is
/// called only after that thread has stopped waiting (releasing a line under a blocked waiter is undefined in libgpiod).
/// </summary>
public interface IGpioInputLine : IDisposable
{
    /// <summary>Line offset on its chip.</summary>
    int Offset { get; }

    /// <summary>Current logical level (true = active), used once at start as the debouncer's baseline.</summary>
    /// <exception cref="IOException">The kernel refused the read.</exception>
    bool ReadLevel();

    /// <summary>
    /// Blocks for at most <paramref name="timeout"/> until an edge is pending and reads it. Returns false on timeout
    /// (or an interrupted wait), so the caller can check for shutdown; pending edges are returned in kernel order.
    /// </summary>
    /// <exception cref="IOException">The wait or read failed (line gone, chip unplugged).</exception>
    bool TryReadEdge(TimeSpan timeout, out GpioEdge edge);
}
