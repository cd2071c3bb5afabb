namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// A GPIO controller whose lines can be requested. Disposing the chip releases every line still requested from it,
/// so callers must stop the threads using its lines first.
/// </summary>
public interface IGpioChip : IDisposable
{
    /// <summary>What the chip was opened as (name, label or path), for log messages.</summary>
    string Name { get; }

    /// <summary>
    /// Requests <paramref name="offset"/> as an input reporting both edges. <paramref name="pullUp"/> asks for the
    /// internal pull-up bias (a button wired to ground); where the kernel cannot set bias the line is requested
    /// without it.
    /// </summary>
    /// <exception cref="Common.EdgeAvatarException">The line does not exist or is in use.</exception>
    IGpioInputLine RequestInput(int offset, bool activeLow, bool pullUp);

    /// <summary>Requests <paramref name="offset"/> as an output, initially driven to <paramref name="initiallyActive"/>.</summary>
    /// <exception cref="Common.EdgeAvatarException">The line does not exist or is in use.</exception>
    IGpioOutputLine RequestOutput(int offset, bool activeLow, bool initiallyActive);
}
