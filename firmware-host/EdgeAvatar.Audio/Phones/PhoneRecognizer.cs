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
    private PhoneDecoder? _decoder;
    private PhoneDecoder? _fallbackDecoder;

    public PhoneRecognizer(PhoneRecognizerOptions? options = null)
    {
        _options = options ?? new PhoneRecognizerOptions();
        PocketSphinxLibrary.EnsureLoaded();
        PocketSphinxLibrary.EnsureModel(_options.ModelDirectory);
        _decoder = new PhoneDecoder(_options, _options.Beam);
    }

    /// <summary>Utterances decoded a second time with the fallback beam since construction (a diagnostic).</summary>
    public int FallbackUtterances { get; private set; }

    /// <summary>Phones dropped because even the fallback decode stretched them past the limit.</summary>
    public int DroppedPhones { get; private set; }

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
        ObjectDisposedException.ThrowIf(_decoder is null, this);
        var phones = new List<TimedPhone>();
        var utterance = new List<TimedPhone>();
        foreach (var (start, end) in UtteranceSplitter.Split(pcm, SampleRate, _options.MinUtteranceSeconds, _options.MaxUtteranceSeconds))
        {
            double offset = (double)start / SampleRate;
            utterance.Clear();
            DecodeUtterance(_decoder, pcm[start..end], offset, utterance);
            if (utterance.Exists(IsLostSearch))
            {
                _fallbackDecoder ??= new PhoneDecoder(_options, _options.FallbackBeam);
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

    private static void DecodeUtterance(PhoneDecoder decoder, ReadOnlySpan<short> samples, double offset, List<TimedPhone> into)
    {
        decoder.Start();
        decoder.Process(samples, wholeUtterance: true);
        decoder.End();
        decoder.Segments(offset, into);
    }

    public void Dispose()
    {
        _decoder?.Dispose();
        _fallbackDecoder?.Dispose();
        _decoder = _fallbackDecoder = null;
    }
}
