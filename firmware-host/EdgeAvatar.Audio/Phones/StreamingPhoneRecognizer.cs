namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// Phones of a live 16-kHz mono stream (a microphone, a TTS without phone timings) as it arrives: the same
/// PocketSphinx allphone search and model as <see cref="PhoneRecognizer"/>, fed piece by piece. After every
/// <see cref="Push"/> the open utterance's best path so far is handed to the listener, so a phone is known a few
/// frames after its audio instead of at the end of the utterance; each later report for the same utterance replaces
/// the earlier one (the search may still revise its recent past), and the one at the cut is final.
/// <para>
/// Utterances are cut online, since the future is not known: once an utterance is
/// <see cref="PhoneRecognizerOptions.MinUtteranceSeconds"/> long, at the first 10-ms frame within
/// <see cref="QuietMarginDb"/> of its quietest so far (a pause), and at
/// <see cref="PhoneRecognizerOptions.MaxUtteranceSeconds"/> at the latest, which bounds the decoder's memory.
/// A speech phone longer than <see cref="PhoneRecognizerOptions.LostSearchSeconds"/> means the narrow beam lost its
/// search; the whole-file recogniser decodes such an utterance again, which live audio has no time for, so here the
/// phone is left out (its frames keep the model's rest mouth) and the utterance is ended at once, which restarts the
/// search.
/// </para>
/// <para>
/// Cepstra are normalised by the mean of the last seconds of the stream (<see cref="WindowedCepstralMean"/>), not by the
/// library's live mean, which for a voice far from the model's average stays wrong for many utterances.
/// </para>
/// Times are seconds from the stream's first sample, skipped samples included (<see cref="Skip"/>). Not thread-safe:
/// one caller feeds it.
/// </summary>
public sealed class StreamingPhoneRecognizer : IDisposable
{
    /// <summary>A 10-ms frame at most this far above the utterance's quietest frame so far counts as a pause.</summary>
    public const double QuietMarginDb = 6.0;

    private const int FrameSamples = PhoneRecognizer.SampleRate / PhoneRecognizer.FrameRate;

    private readonly PhoneRecognizerOptions _options;
    private readonly Action<double, IReadOnlyList<TimedPhone>> _report;
    private readonly short[] _frame = new short[FrameSamples];
    private readonly List<TimedPhone> _phones = [];
    private PhoneDecoder? _decoder;
    private int _frameFill;
    private long _position; // samples accounted for: decoded, pending in _frame, or skipped
    private long _utteranceStart = -1; // first sample of the open utterance; -1 when none is open
    private long _frontEndStart; // the stream's sample where the decoder's front end started its frame 0
    private long _utteranceFirstFrame; // front-end frame index of the open utterance's first frame
    private double _quietestDb;
    private bool _unreported;

    /// <param name="report">
    /// Called on the feeding thread with an utterance's start (seconds on the stream's axis) and its phones so far (times
    /// from that start). A call for the same start replaces the previous one; the list is reused after the call returns.
    /// </param>
    public StreamingPhoneRecognizer(Action<double, IReadOnlyList<TimedPhone>> report, PhoneRecognizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        _report = report;
        _options = options ?? new PhoneRecognizerOptions();
        PocketSphinxLibrary.EnsureLoaded();
        PocketSphinxLibrary.EnsureModel(_options.ModelDirectory);
        _decoder = new PhoneDecoder(_options, _options.Beam, streaming: true);
    }

    /// <summary>Seconds of the stream decoded (whole 10-ms frames) or skipped so far.</summary>
    public double DecodedSeconds => (_position - _frameFill) / (double)PhoneRecognizer.SampleRate;

    /// <summary>Utterances ended so far (a diagnostic).</summary>
    public int Utterances { get; private set; }

    /// <summary>Phones left out because the search lost itself (a diagnostic).</summary>
    public int DroppedPhones { get; private set; }

    /// <summary>Decodes <paramref name="pcm"/> (the stream's next samples) and reports the open utterance's phones so far.</summary>
    public void Push(ReadOnlySpan<short> pcm)
    {
        ObjectDisposedException.ThrowIf(_decoder is null, this);
        while (!pcm.IsEmpty)
        {
            int take = Math.Min(FrameSamples - _frameFill, pcm.Length);
            pcm[..take].CopyTo(_frame.AsSpan(_frameFill));
            _frameFill += take;
            _position += take;
            pcm = pcm[take..];
            if (_frameFill == FrameSamples) DecodeFrame();
        }
        if (!_unreported) return;
        // A lost search stretches its newest phone until the utterance ends: end it now, so the next utterance starts a
        // fresh search after at most LostSearchSeconds instead of the rest of MaxUtteranceSeconds being lost.
        if (ReportOpen(final: false)) EndUtterance();
    }

    /// <summary>The stream skipped <paramref name="samples"/> samples (a backlog dropped): ends the open utterance there.</summary>
    public void Skip(long samples)
    {
        ObjectDisposedException.ThrowIf(_decoder is null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        EndUtterance();
        _position += samples;
        _frameFill = 0;
        _decoder!.ResetFrontEnd();
        _frontEndStart = _position;
    }

    /// <summary>End of the stream: ends the open utterance and reports its final phones.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_decoder is null, this);
        EndUtterance();
    }

    private void DecodeFrame()
    {
        long frameStart = _position - FrameSamples;
        if (_utteranceStart < 0)
        {
            _decoder!.Start();
            _utteranceStart = frameStart;
            _utteranceFirstFrame = _decoder.FramesFed;
            _quietestDb = double.PositiveInfinity;
        }
        _decoder!.Process(_frame, wholeUtterance: false);
        _frameFill = 0;
        _unreported = true;
        double db = 10 * Math.Log10(UtteranceSplitter.MeanSquare(_frame) + 1e-3);
        _quietestDb = Math.Min(_quietestDb, db);
        double seconds = (_position - _utteranceStart) / (double)PhoneRecognizer.SampleRate;
        if (seconds >= _options.MaxUtteranceSeconds || (seconds >= _options.MinUtteranceSeconds && db <= _quietestDb + QuietMarginDb))
            EndUtterance();
    }

    private void EndUtterance()
    {
        if (_utteranceStart < 0) return;
        _decoder!.End();
        ReportOpen(final: true);
        _utteranceStart = -1;
        Utterances++;
    }

    /// <summary>Reports the open utterance's phones, lost-search ones left out; true when there was one.</summary>
    private bool ReportOpen(bool final)
    {
        _phones.Clear();
        // The front end runs on across utterances and lags the pushed audio by its window, so the utterance's first
        // frame starts a little before the 10-ms piece that opened it: times are taken from the frame's own position.
        double firstFrameSeconds = _frontEndStart / (double)PhoneRecognizer.SampleRate + _utteranceFirstFrame / (double)PhoneRecognizer.FrameRate;
        _decoder!.Segments(firstFrameSeconds - _utteranceStart / (double)PhoneRecognizer.SampleRate, _phones, fromFirstSegment: true);
        int dropped = _phones.RemoveAll(IsLostSearch);
        if (final) DroppedPhones += dropped;
        _unreported = false;
        _report(_utteranceStart / (double)PhoneRecognizer.SampleRate, _phones);
        return dropped > 0;
    }

    private bool IsLostSearch(TimedPhone p) => !PhoneRecognizer.IsSilenceOrFiller(p.Phone) && p.End - p.Start > _options.LostSearchSeconds;

    public void Dispose()
    {
        _decoder?.Dispose();
        _decoder = null;
    }
}
