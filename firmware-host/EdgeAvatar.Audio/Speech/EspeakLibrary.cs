using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// Loads eSpeak NG (libespeak-ng1 + espeak-ng-data) once, on first use, so that a machine without it gets one clear
/// message and <see cref="ExitCodes.Unavailable"/> (69) rather than a DllNotFoundException (or the library calling
/// exit()) deep inside a run. Nothing is loaded until something is spoken or a language is checked.
/// <para>
/// The engine is process-wide and not thread-safe: everything that calls into it holds <see cref="Gate"/>, so there
/// is one synthesis at a time whoever asks (control socket, GPIO, the CLI).
/// </para>
/// </summary>
public static class EspeakLibrary
{
    /// <summary>The Debian packages that provide the engine and its voices (scripts/setup installs them).</summary>
    public const string Packages = "libespeak-ng1 espeak-ng-data";

    /// <summary>Held around every call into the engine.</summary>
    internal static readonly Lock Gate = new();

    private static string? s_failure;
    private static bool s_probed;
    private static int s_sampleRate;
    private static HashSet<string>? s_languages;

    /// <summary>True when the library loads and its voice data initialises (probes once).</summary>
    public static bool IsAvailable => Probe() is null;

    /// <summary>The engine's own output rate in Hz (22050 for the Debian voices); valid after <see cref="EnsureLoaded"/>.</summary>
    public static int SampleRate
    {
        get
        {
            EnsureLoaded();
            return s_sampleRate;
        }
    }

    /// <exception cref="EdgeAvatarException">Unavailable (69): the library or its voice data is missing.</exception>
    public static void EnsureLoaded()
    {
        if (Probe() is string failure) throw new EdgeAvatarException(ExitCodes.Unavailable, failure);
    }

    /// <summary>Null when the engine loads and initialises, else the message to show.</summary>
    public static string? Probe()
    {
        lock (Gate)
        {
            if (s_probed) return s_failure;
            s_failure = ProbeUncached();
            s_probed = true;
            return s_failure;
        }
    }

    /// <summary>
    /// Every language code the installed voices speak ("en", "en-us", "de", …), lower case. A request's language must
    /// be one of these, so a typo is refused up front instead of being spoken by some fallback voice.
    /// </summary>
    public static IReadOnlySet<string> Languages
    {
        get
        {
            EnsureLoaded();
            lock (Gate) return s_languages ??= ListLanguages();
        }
    }

    private static unsafe string? ProbeUncached()
    {
        if (!NativeLibrary.TryLoad(Interop.EspeakNg.LibraryName, out _))
            return $"{Interop.EspeakNg.LibraryName} could not be loaded; speaking text needs the Debian packages {Packages} (scripts/setup installs them).";
        int rate = Interop.EspeakNg.Initialize(Interop.EspeakNg.AudioOutputSynchronous, 0, 0,
            Interop.EspeakNg.InitializePhonemeEvents | Interop.EspeakNg.InitializeDontExit);
        if (rate <= 0)
        {
            Interop.EspeakNg.Info(out nint path);
            string where = path == 0 ? "its data folder" : Marshal.PtrToStringUTF8(path) ?? "its data folder";
            return $"eSpeak NG found no voice data in {where}; install the Debian package espeak-ng-data (scripts/setup does).";
        }
        s_sampleRate = rate;
        Interop.EspeakNg.SetSynthCallback(&SpeechCapture.OnSynth);
        return null;
    }

    private static HashSet<string> ListLanguages()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        nint list = Interop.EspeakNg.ListVoices(0);
        for (int i = 0; list != 0; i++)
        {
            nint voicePtr = Marshal.ReadIntPtr(list, i * IntPtr.Size);
            if (voicePtr == 0) break;
            var voice = Marshal.PtrToStructure<Interop.EspeakNg.EspeakVoice>(voicePtr);
            // languages: (priority byte, zero-terminated name) pairs, ended by a priority byte of 0.
            for (nint p = voice.Languages; p != 0 && Marshal.ReadByte(p) != 0;)
            {
                string name = Marshal.PtrToStringUTF8(p + 1) ?? "";
                if (name.Length == 0) break;
                set.Add(name.ToLowerInvariant());
                p += 1 + System.Text.Encoding.UTF8.GetByteCount(name) + 1;
            }
        }
        return set;
    }
}
