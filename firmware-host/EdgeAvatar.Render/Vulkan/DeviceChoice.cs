using EdgeAvatar.Common;
using EdgeAvatar.Compute;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// The one <c>--device</c> policy, used by run, bench and train: "cpu" (the C# kernels), "vulkan" (the default
/// Vulkan device), a Vulkan device selector (name substring or index), or "auto": Vulkan on a real GPU, the C#
/// kernels when the only Vulkan device is a CPU implementation (lavapipe) — chosen by the figures: on a 2-core
/// machine the SIMD C# kernels are several times faster than the same maths through lavapipe
/// (docs/results/2026-11-26-first-figures.md).
/// </summary>
public static class DeviceChoice
{
    /// <summary>The default choice of every command.</summary>
    public const string Auto = "auto";

    /// <summary>Opens the chosen Vulkan device (the caller owns it), or returns null for the C# kernels.</summary>
    /// <exception cref="EdgeAvatarException">64 for an empty choice; 69 when Vulkan or the device is missing.</exception>
    public static ComputeDevice? Open(string choice, bool validation = false)
    {
        if (string.IsNullOrWhiteSpace(choice))
            throw new EdgeAvatarException(ExitCodes.Usage, "--device must be auto, cpu, vulkan or a Vulkan device selector.");
        bool auto = IsAuto(choice);
        if (UsesCpu(choice, hasGpu: auto && HasGpu()))
            return null;
        string? selector = auto || choice.Equals("vulkan", StringComparison.OrdinalIgnoreCase) ? null : choice;
        return ComputeDevice.Create(new ComputeDeviceOptions { DeviceSelector = selector, EnableValidation = validation });
    }

    /// <summary>
    /// The policy itself: whether <paramref name="choice"/> runs on the C# kernels on a machine where a Vulkan device
    /// other than a CPU implementation does (<paramref name="hasGpu"/>) or does not exist.
    /// </summary>
    public static bool UsesCpu(string choice, bool hasGpu)
        => choice.Equals("cpu", StringComparison.OrdinalIgnoreCase) || (IsAuto(choice) && !hasGpu);

    private static bool IsAuto(string choice) => choice.Equals(Auto, StringComparison.OrdinalIgnoreCase);

    /// <summary>What <see cref="Open"/> chose, for progress headers and reports.</summary>
    public static string Describe(ComputeDevice? device)
        => device is null ? $"CPU ({Environment.ProcessorCount} threads)" : $"Vulkan: {device.Info.Name} ({device.Info.Type})";

    /// <summary>Whether a supported Vulkan device other than a CPU implementation exists.</summary>
    public static bool HasGpu()
    {
        try { return ComputeDevice.EnumerateDevices().Any(d => d.IsSupported && d.Type != DeviceType.Cpu); }
        catch (EdgeAvatarException) { return false; }
    }
}
