using System.Globalization;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// Timed phones from speech, with CMU PocketSphinx's phone recogniser (allphone search over the multi-speaker US-English
/// acoustic model and its phone language model). The audio is fed as bounded utterances
/// (<see cref="UtteranceSplitter"/>): the search keeps state for a whole utterance, and a long clip fed as one grew
/// without bound. Each utterance is decoded on its own, so a phone never spans a cut.
/// <para>
/// Input is 16 kHz mono. The libraries load on construction (<see cref="PocketSphinxLibrary"/>): missing libraries →
/// <see cref="ExitCodes.Unavailable"/>, a missing model folder → Unavailable (Debian default) or NoInput (named).
/// Not thread-safe: one decoder, one caller at a time.
/// </para>
/// </summary>
public sealed class PhoneRecognizer : IDisposable
{
    /// <summary>The only sample rate the en-us model takes.</summary>
    public const int SampleRate = 16000;

    /// <summary>Decoder frames per second (<c>-frate</c> default).</summary>
    public const int FrameRate = 100;

    private readonly PhoneRecognizerOptions _options;
    private nint _config;
    private nint _decoder;
    private nint _fallbackConfig;
    private nint _fallbackDecoder;

    public PhoneRecognizer(PhoneRecognizerOptions? options = null)
    {
        _options = options ?? new PhoneRecognizerOptions();
        PocketSphinxLibrary.EnsureLoaded();
        PocketSphinxLibrary.EnsureModel(_options.ModelDirectory);
        (_config, _decoder) = Create(_options.Beam);
    }

    /// <summary>Utterances decoded a second time with the fallback beam since construction (a diagnostic).</summary>
    public int FallbackUtterances { get; private set; }

    /// <summary>Phones dropped because even the fallback decode stretched them past the limit.</summary>
    public int DroppedPhones { get; private set; }

    private (nint Config, nint Decoder) Create(double beam)
    {
        string dir = _options.ModelDirectory;
        string[] args =
        [
            "-hmm", Path.Combine(dir, "en-us"),
            "-allphone", Path.Combine(dir, "en-us-phone.lm.bin"),
            "-allphone_ci", _options.ContextIndependent ? "yes" : "no",
            "-lw", _options.LanguageWeight.ToString("R", CultureInfo.InvariantCulture),
            "-beam", beam.ToString("R", CultureInfo.InvariantCulture),
            "-pbeam", beam.ToString("R", CultureInfo.InvariantCulture),
            "-samprate", SampleRate.ToString(CultureInfo.InvariantCulture),
            "-frate", FrameRate.ToString(CultureInfo.InvariantCulture),
        ];
        nint config = Parse(args);
        if (config == 0)
            throw new EdgeAvatarException(ExitCodes.Config, "PocketSphinx rejected the phone recogniser's settings: " + string.Join(' ', args));
        nint decoder = Interop.PocketSphinx.Init(config);
        if (decoder == 0)
        {
            Interop.PocketSphinx.CmdLnFreeR(config);
            throw new EdgeAvatarException(ExitCodes.DataError, $"PocketSphinx could not load the model in '{dir}' (damaged files?).");
        }
        return (config, decoder);
    }

    /// <summary>Phones of 16-kHz mono float samples (±1 full scale; clipped to s16).</summary>
    public List<TimedPhone> Recognize(ReadOnlySpan<float> pcm)
    {
        var s16 = new short[pcm.Length];
        for (int i = 0; i < pcm.Length; i++) s16[i] = (short)Math.Clamp(Math.Round(pcm[i] * 32768.0), short.MinValue, short.MaxValue);
        return Recognize(s16);
    }

    /// <summary>Phones of 16-kHz mono s16 samples, in time order, times in seconds from the first sample.</summary>
    public List<TimedPhone> Recognize(ReadOnlySpan<short> pcm)
    {
        ObjectDisposedException.ThrowIf(_decoder == 0, this);
        var phones = new List<TimedPhone>();
        var utterance = new List<TimedPhone>();
        foreach (var (start, end) in UtteranceSplitter.Split(pcm, SampleRate, _options.MinUtteranceSeconds, _options.MaxUtteranceSeconds))
        {
            double offset = (double)start / SampleRate;
            utterance.Clear();
            DecodeUtterance(_decoder, pcm[start..end], offset, utterance);
            if (utterance.Exists(IsLostSearch))
            {
                if (_fallbackDecoder == 0) (_fallbackConfig, _fallbackDecoder) = Create(_options.FallbackBeam);
                FallbackUtterances++;
                utterance.Clear();
                DecodeUtterance(_fallbackDecoder, pcm[start..end], offset, utterance);
                DroppedPhones += utterance.RemoveAll(IsLostSearch);
            }
            phones.AddRange(utterance);
        }
        return phones;
    }

    /// <summary>Silence (SIL) and fillers (+NSN+, +SPN+, …) may last long; a speech phone may not.</summary>
    public static bool IsSilenceOrFiller(string phone) => phone == "SIL" || (phone.StartsWith('+') && phone.EndsWith('+'));

    private bool IsLostSearch(TimedPhone p) => !IsSilenceOrFiller(p.Phone) && p.End - p.Start > _options.LostSearchSeconds;

    private static unsafe void DecodeUtterance(nint decoder, ReadOnlySpan<short> samples, double offset, List<TimedPhone> into)
    {
        Check(Interop.PocketSphinx.StartUtt(decoder), "ps_start_utt");
        fixed (short* p = samples)
            Check(Interop.PocketSphinx.ProcessRaw(decoder, p, (nuint)samples.Length, 0, 1), "ps_process_raw");
        Check(Interop.PocketSphinx.EndUtt(decoder), "ps_end_utt");
        for (nint seg = Interop.PocketSphinx.SegIter(decoder); seg != 0; seg = Interop.PocketSphinx.SegNext(seg))
        {
            string? word = Marshal.PtrToStringUTF8(Interop.PocketSphinx.SegWord(seg));
            Interop.PocketSphinx.SegFrames(seg, out int sf, out int ef);
            if (string.IsNullOrEmpty(word) || ef < sf) continue;
            into.Add(new TimedPhone(word, offset + (double)sf / FrameRate, offset + (double)(ef + 1) / FrameRate));
        }
    }

    private static void Check(int rc, string call)
    {
        if (rc < 0) throw new EdgeAvatarException(ExitCodes.Internal, $"PocketSphinx {call} failed ({rc}).");
    }

    private static nint Parse(string[] args)
    {
        var argv = new nint[args.Length];
        try
        {
            for (int i = 0; i < args.Length; i++) argv[i] = Marshal.StringToCoTaskMemUTF8(args[i]);
            return Interop.PocketSphinx.CmdLnParseR(0, Interop.PocketSphinx.Args(), args.Length, argv, 1);
        }
        finally
        {
            foreach (nint a in argv) if (a != 0) Marshal.FreeCoTaskMem(a);
        }
    }

    public void Dispose()
    {
        if (_decoder != 0) Interop.PocketSphinx.Free(_decoder);
        if (_config != 0) Interop.PocketSphinx.CmdLnFreeR(_config);
        if (_fallbackDecoder != 0) Interop.PocketSphinx.Free(_fallbackDecoder);
        if (_fallbackConfig != 0) Interop.PocketSphinx.CmdLnFreeR(_fallbackConfig);
        _decoder = _config = _fallbackDecoder = _fallbackConfig = 0;
    }
}
