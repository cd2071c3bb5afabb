using System.Device.Gpio;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// Finds the chip gpio.chip names among those the driver lists. gpio.chip may be a path ("/dev/gpiochip0"), a name
/// ("gpiochip0") or a label ("tegra234-gpio"), as libgpiod's own tools accept.
/// </summary>
public static class GpioChipResolver
{
    /// <exception cref="EdgeAvatarException">No listed chip matches (69).</exception>
    public static GpioChipInfo Resolve(string chip, IReadOnlyList<GpioChipInfo> available, Func<string, bool> fileExists)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chip);
        ArgumentNullException.ThrowIfNull(available);
        ArgumentNullException.ThrowIfNull(fileExists);
        string reason;
        if (chip.StartsWith('/'))
        {
            // The driver lists chips by name; a path is the character device /dev/<name>.
            string name = Path.GetFileName(chip);
            GpioChipInfo? byPath = chip == "/dev/" + name ? available.FirstOrDefault(c => c.Name == name) : null;
            if (byPath is not null)
                return byPath;
            reason = fileExists(chip) ? "it is not a GPIO chip" : "No such file or directory";
        }
        else
        {
            GpioChipInfo? match = available.FirstOrDefault(c => c.Name == chip) ?? available.FirstOrDefault(c => c.Label == chip);
            if (match is not null)
                return match;
            reason = available.Count == 0 ? "this machine has no GPIO chip" : "no chip has that name or label";
        }
        string listed = available.Count == 0 ? "" : $" Chips found: {string.Join(", ", available.Select(c => $"{c.Name} [{c.Label}]"))}.";
        throw new EdgeAvatarException(ExitCodes.Unavailable,
            $"GPIO chip '{chip}' could not be opened: {reason}.{listed} List the chips with 'gpiodetect' (Debian package gpiod) " +
            "and set gpio.chip in /etc/edgeavatar/edgeavatar.conf, or set gpio.chip = none to run without GPIO.");
    }
}
