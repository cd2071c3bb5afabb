using System.Globalization;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// The library's MFCC front end (<c>fe_t</c>) run by us, for a live stream: it turns 16-kHz samples into cepstral frames
/// (100 a second, frame k from sample 160·k) that we normalise (<see cref="WindowedCepstralMean"/>) before the decoder
/// sees them. Built from the decoder's configuration after <c>ps_init</c>, which then holds the model's feat.params, so
/// the frames are the ones the decoder's own front end would compute. The front end runs on across utterances; only
/// a gap in the audio (<see cref="Reset"/>) restarts it.
/// <para>
/// Invariants: rows live in unmanaged memory owned here, valid until the next <see cref="Process"/>; at most
/// <see cref="MaxSamplesPerCall"/> samples a call, so the rows always suffice. One thread at a time.
/// </para>
/// </summary>
internal sealed unsafe class CepstralFrontEnd : IDisposable
{
    private const int MaxRows = 8;

    /// <summary>Samples a call may pass: whole frames for all but the two rows a partial frame may complete.</summary>
    public const int MaxSamplesPerCall = (MaxRows - 2) * (PhoneRecognizer.SampleRate / PhoneRecognizer.FrameRate);

    private nint _fe;
    private float* _block;
    private float** _rows;

    public CepstralFrontEnd(nint decoderConfig)
    {
        _fe = Interop.PocketSphinx.FeInitAutoR(decoderConfig);
        if (_fe == 0) throw new EdgeAvatarException(ExitCodes.Internal, "PocketSphinx could not build its MFCC front end from the decoder's settings.");
        Width = Interop.PocketSphinx.FeGetOutputSize(_fe);
        _block = (float*)NativeMemory.AllocZeroed((nuint)(MaxRows * Width), sizeof(float));
        _rows = (float**)NativeMemory.Alloc(MaxRows, (nuint)sizeof(nint));
        for (int i = 0; i < MaxRows; i++) _rows[i] = _block + i * Width;
        Prior = ReadPrior(decoderConfig, Width);
        Reset();
    }

    /// <summary>Floats per frame (13 for the en-us model).</summary>
    public int Width { get; }

    /// <summary>The model's prior cepstral mean (<c>-cmninit</c>; missing trailing values are 0, as the library reads it).</summary>
    public float[] Prior { get; }

    /// <summary>Row pointers of the last <see cref="Process"/>, as <c>ps_process_cep</c> takes them.</summary>
    public float** Rows => _rows;

    public Span<float> Row(int i) => new(_rows[i], Width);

    /// <summary>Forgets buffered samples: the next sample starts frame 0 of a new run.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_fe == 0, this);
        if (Interop.PocketSphinx.FeStartUtt(_fe) < 0) throw new EdgeAvatarException(ExitCodes.Internal, "PocketSphinx fe_start_utt failed.");
    }

    /// <summary>Turns the next samples into frames; returns how many rows were written.</summary>
    public int Process(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_fe == 0, this);
        if (samples.Length > MaxSamplesPerCall)
            throw new ArgumentException($"At most {MaxSamplesPerCall} samples a call ({samples.Length} given).", nameof(samples));
        fixed (short* p = samples)
        {
            short* cursor = p;
            nuint left = (nuint)samples.Length;
            int frames = MaxRows, index = 0;
            if (Interop.PocketSphinx.FeProcessFrames(_fe, &cursor, &left, _rows, &frames, &index) < 0)
                throw new EdgeAvatarException(ExitCodes.Internal, "PocketSphinx fe_process_frames failed.");
            if (left != 0) throw new EdgeAvatarException(ExitCodes.Internal, $"PocketSphinx's front end left {left} samples unread.");
            return frames;
        }
    }

    private static float[] ReadPrior(nint config, int width)
    {
        var prior = new float[width];
        string? text = Marshal.PtrToStringUTF8(Interop.PocketSphinx.CmdLnStrR(config, "-cmninit"));
        string[] parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int j = 0; j < Math.Min(width, parts.Length); j++)
            if (!float.TryParse(parts[j], NumberStyles.Float, CultureInfo.InvariantCulture, out prior[j]))
                throw new EdgeAvatarException(ExitCodes.DataError, $"The acoustic model's -cmninit '{text}' is not a list of numbers.");
        return prior;
    }

    public void Dispose()
    {
        if (_fe != 0) Interop.PocketSphinx.FeFree(_fe);
        if (_block != null) NativeMemory.Free(_block);
        if (_rows != null) NativeMemory.Free(_rows);
        _fe = 0;
        _block = null;
        _rows = null;
    }
}
