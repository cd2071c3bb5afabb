using System.Globalization;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// One PocketSphinx allphone decoder and its configuration: the part the whole-file and the streaming recogniser
/// share. Utterances are started, fed and ended here; <see cref="Segments"/> reads the best path so far, also in the
/// middle of an utterance (the allphone search backtraces from its newest frame). One thread at a time.
/// </summary>
internal sealed class PhoneDecoder : IDisposable
{
    private nint _config;
    private nint _decoder;
    private CepstralFrontEnd? _frontEnd; // streaming only
    private WindowedCepstralMean? _mean; // streaming only

    /// <param name="streaming">
    /// For audio fed piece by piece: the front end's voice-activity filter (<c>-remove_silence</c>) is turned off. In
    /// that mode the library drops the frames it takes for silence and numbers the rest from a shifted origin, so
    /// segment times no longer match the audio; a whole utterance fed at once is not filtered. The samples go through
    /// our own front end and cepstral mean (<see cref="CepstralFrontEnd"/>, <see cref="WindowedCepstralMean"/>), which
    /// runs on across utterances.
    /// </param>
    public PhoneDecoder(PhoneRecognizerOptions options, double beam, bool streaming = false)
    {
        string dir = options.ModelDirectory;
        string[] args =
        [
            .. streaming ? (string[])["-remove_silence", "no"] : [],
            "-hmm", Path.Combine(dir, "en-us"),
            "-allphone", Path.Combine(dir, "en-us-phone.lm.bin"),
            "-allphone_ci", options.ContextIndependent ? "yes" : "no",
            "-lw", options.LanguageWeight.ToString("R", CultureInfo.InvariantCulture),
            "-beam", beam.ToString("R", CultureInfo.InvariantCulture),
            "-pbeam", beam.ToString("R", CultureInfo.InvariantCulture),
            "-samprate", PhoneRecognizer.SampleRate.ToString(CultureInfo.InvariantCulture),
            "-frate", PhoneRecognizer.FrameRate.ToString(CultureInfo.InvariantCulture),
        ];
        _config = Parse(args);
        if (_config == 0)
            throw new EdgeAvatarException(ExitCodes.Config, "PocketSphinx rejected the phone recogniser's settings: " + string.Join(' ', args));
        _decoder = Interop.PocketSphinx.Init(_config);
        if (_decoder == 0)
        {
            Interop.PocketSphinx.CmdLnFreeR(_config);
            _config = 0;
            throw new EdgeAvatarException(ExitCodes.DataError, $"PocketSphinx could not load the model in '{dir}' (damaged files?).");
        }
        if (streaming)
        {
            try
            {
                _frontEnd = new CepstralFrontEnd(_config);
                _mean = new WindowedCepstralMean(_frontEnd.Prior);
            }
            catch
            {
                Dispose();
                throw;
            }
        }
    }

    /// <summary>Streaming: cepstral frames fed since the last <see cref="ResetFrontEnd"/> (frame k starts at sample 160·k).</summary>
    public long FramesFed { get; private set; }

    /// <summary>Streaming: a gap in the audio; the next sample starts frame 0 again. The cepstral mean is kept.</summary>
    public void ResetFrontEnd()
    {
        ObjectDisposedException.ThrowIf(_decoder == 0, this);
        _frontEnd!.Reset();
        FramesFed = 0;
    }

    public void Start()
    {
        ObjectDisposedException.ThrowIf(_decoder == 0, this);
        Check(Interop.PocketSphinx.StartUtt(_decoder), "ps_start_utt");
    }

    /// <summary>
    /// Feeds samples of the open utterance. <paramref name="wholeUtterance"/>: the samples are the whole utterance (the
    /// library then normalises the cepstra over all of it); false for a stream fed piece by piece.
    /// </summary>
    public unsafe void Process(ReadOnlySpan<short> samples, bool wholeUtterance)
    {
        ObjectDisposedException.ThrowIf(_decoder == 0, this);
        if (_frontEnd is null)
        {
            fixed (short* p = samples)
                Check(Interop.PocketSphinx.ProcessRaw(_decoder, p, (nuint)samples.Length, 0, wholeUtterance ? 1 : 0), "ps_process_raw");
            return;
        }
        if (wholeUtterance) throw new InvalidOperationException("A streaming decoder is fed piece by piece.");
        while (!samples.IsEmpty)
        {
            int take = Math.Min(samples.Length, CepstralFrontEnd.MaxSamplesPerCall);
            int frames = _frontEnd.Process(samples[..take]);
            samples = samples[take..];
            if (frames == 0) continue;
            for (int i = 0; i < frames; i++) _mean!.Normalise(_frontEnd.Row(i));
            Check(Interop.PocketSphinx.ProcessCep(_decoder, _frontEnd.Rows, frames, 0, 0), "ps_process_cep");
            FramesFed += frames;
        }
    }

    public void End() => Check(Interop.PocketSphinx.EndUtt(_decoder), "ps_end_utt");

    /// <summary>
    /// Appends the best path's phones, times in seconds from the utterance start plus <paramref name="offset"/>.
    /// <paramref name="fromFirstSegment"/>: count frames from the first segment's start. Fed piece by piece, the
    /// library numbers an utterance's frames on from earlier utterances (less a few frames of its front end's overlap),
    /// not from 0; the best path always begins at the utterance's first frame, so its first segment gives the origin.
    /// </summary>
    public void Segments(double offset, List<TimedPhone> into, bool fromFirstSegment = false)
    {
        int origin = int.MinValue;
        for (nint seg = Interop.PocketSphinx.SegIter(_decoder); seg != 0; seg = Interop.PocketSphinx.SegNext(seg))
        {
            string? word = Marshal.PtrToStringUTF8(Interop.PocketSphinx.SegWord(seg));
            Interop.PocketSphinx.SegFrames(seg, out int sf, out int ef);
            if (origin == int.MinValue) origin = fromFirstSegment ? sf : 0;
            if (string.IsNullOrEmpty(word) || ef < sf) continue;
            into.Add(new TimedPhone(word, offset + (double)(sf - origin) / PhoneRecognizer.FrameRate,
                offset + (double)(ef + 1 - origin) / PhoneRecognizer.FrameRate));
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
        _frontEnd?.Dispose();
        _frontEnd = null;
        if (_decoder != 0) Interop.PocketSphinx.Free(_decoder);
        if (_config != 0) Interop.PocketSphinx.CmdLnFreeR(_config);
        _decoder = _config = 0;
    }
}
