using System.Runtime.InteropServices;
using System.Text;

namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// What the engine's synth callback collects for the one synthesis in progress: its samples at the engine's rate and
/// its phoneme events (mnemonic, ms into the audio). Static because the engine has one callback for the process;
/// only touched under <see cref="EspeakLibrary.Gate"/>, by <see cref="Begin"/>, the callback and <see cref="End"/>.
/// </summary>
internal static class SpeechCapture
{
    private static List<short>? s_samples;
    private static List<(string Mnemonic, int Ms)>? s_phonemes;
    private static CancellationToken s_cancel;
    private static int s_maxSamples;

    /// <summary>True when the last synthesis stopped because it would have exceeded its sample limit.</summary>
    public static bool Truncated { get; private set; }

    public static void Begin(int maxSamples, CancellationToken cancel)
    {
        s_samples = new List<short>(1 << 16);
        s_phonemes = [];
        s_cancel = cancel;
        s_maxSamples = maxSamples;
        Truncated = false;
    }

    public static (short[] Samples, List<(string Mnemonic, int Ms)> Phonemes) End()
    {
        var result = (s_samples!.ToArray(), s_phonemes!);
        s_samples = null;
        s_phonemes = null;
        return result;
    }

    [UnmanagedCallersOnly]
    internal static unsafe int OnSynth(short* wav, int samples, Interop.EspeakNg.EspeakEvent* events)
    {
        // An exception must not cross into C: anything unexpected aborts this synthesis (nonzero), never the process.
        try
        {
            if (s_samples is null || s_phonemes is null) return 1;
            if (wav != null && samples > 0)
            {
                if (s_samples.Count + samples > s_maxSamples)
                {
                    Truncated = true;
                    return 1;
                }
                s_samples.AddRange(new ReadOnlySpan<short>(wav, samples));
            }
            for (var e = events; e != null && e->Type != Interop.EspeakNg.EventListTerminated; e++)
            {
                if (e->Type != Interop.EspeakNg.EventPhoneme) continue;
                var id = new ReadOnlySpan<byte>(e->Id, 8);
                int end = id.IndexOf((byte)0);
                s_phonemes.Add((Encoding.UTF8.GetString(end < 0 ? id : id[..end]), e->AudioPosition));
            }
            return s_cancel.IsCancellationRequested ? 1 : 0;
        }
        catch (Exception)
        {
            return 1;
        }
    }
}
