using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// Loads CMU PocketSphinx (libpocketsphinx3 + libsphinxbase3) once, on first use, and checks the acoustic model folder,
/// so that a machine without them gets one clear message and <see cref="ExitCodes.Unavailable"/> (69) rather than a
/// DllNotFoundException deep inside a run. Nothing is loaded until a phone recogniser is created.
/// </summary>
public static class PocketSphinxLibrary
{
    /// <summary>Debian's pocketsphinx-en-us model folder.</summary>
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>The Debian packages that provide everything here (scripts/setup installs them).</summary>
    public const string Packages = "libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us";

    private static readonly Lock s_lock = new();
    private static string? s_failure;
    private static bool s_probed;

    /// <summary>True when both libraries load (probes once).</summary>
    public static bool IsAvailable => Probe() is null;

    /// <summary>Loads the libraries once (and silences their logging), or throws a user-facing error.</summary>
    /// <exception cref="EdgeAvatarException">Unavailable (69): a library is missing.</exception>
    public static void EnsureLoaded()
    {
        if (Probe() is string failure) throw new EdgeAvatarException(ExitCodes.Unavailable, failure);
    }

    /// <summary>
    /// Checks that <paramref name="directory"/> holds the phone recogniser's files (the acoustic model folder
    /// <c>en-us/</c> and the phone language model <c>en-us-phone.lm.bin</c>). A missing Debian default is a missing
    /// package (Unavailable, 69); a missing folder the user named is missing input (NoInput, 66).
    /// </summary>
    public static void EnsureModel(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string acoustic = Path.Combine(directory, "en-us"), phoneLm = Path.Combine(directory, "en-us-phone.lm.bin");
        if (File.Exists(Path.Combine(acoustic, "mdef")) && File.Exists(phoneLm)) return;
        bool isDefault = Path.GetFullPath(directory) == DebianModelDirectory;
        throw isDefault
            ? new EdgeAvatarException(ExitCodes.Unavailable,
                $"the PocketSphinx en-us model is not installed ({DebianModelDirectory}); install the Debian packages {Packages} (scripts/setup does).")
            : new EdgeAvatarException(ExitCodes.NoInput,
                $"'{directory}' is not a PocketSphinx model folder: it needs en-us/mdef and en-us-phone.lm.bin.");
    }

    /// <summary>Null when both libraries load, else the message to show.</summary>
    public static string? Probe()
    {
        lock (s_lock)
        {
            if (s_probed) return s_failure;
            s_failure = ProbeUncached();
            s_probed = true;
            if (s_failure is null) Interop.PocketSphinx.ErrSetLogfp(0);
            return s_failure;
        }
    }

    private static string? ProbeUncached()
    {
        foreach (string name in new[] { Interop.PocketSphinx.SphinxBaseName, Interop.PocketSphinx.LibraryName })
        {
            if (!NativeLibrary.TryLoad(name, out nint handle))
                return $"{name} could not be loaded; the phone recogniser needs the Debian packages {Packages} (scripts/setup installs them).";
            // Keep the handle: the bindings resolve against the same soname and the library stays loaded for the process.
            _ = handle;
        }
        return null;
    }
}
