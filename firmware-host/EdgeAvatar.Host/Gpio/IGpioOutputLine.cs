namespace EdgeAvatar.Host.Gpio;

/// <summary>A requested output line. Not thread-safe: one thread drives it.</summary>
public interface IGpioOutputLine : IDisposable
{
    /// <summary>Line offset on its chip.</summary>
    int Offset { get; }

    /// <summary>Drives the logical level (true = active; an active-low line is driven low).</summary>
    /// <exception cref="IOException">The kernel refused the write.</exception>
    void SetLevel(bool active);
}
