using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Media;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Settings of <see cref="EvalRunner"/>. Evaluated frames are Val.First, Val.First + Stride, ... inside the Val range,
/// at most <see cref="MaxFrames"/> of them; frames whose manifest entry is not valid (face lost, landmarks
/// interpolated) are shown in the side-by-side video but not scored.
/// </summary>
public sealed record EvalOptions
{
    /// <summary>Upper bound on the number of Val frames visited (null = all).</summary>
    public int? MaxFrames { get; init; }

    /// <summary>Visit every Stride-th Val frame (≥ 1).</summary>
    public int Stride { get; init; } = 1;

    /// <summary>
    /// Optional MP4 "real | rendered" written atomically. With <see cref="Stride"/> = 1 the dataset's audio.wav,
    /// cut to the visited frames, is muxed in; with a stride the video is time-lapsed and gets no audio.
    /// </summary>
    public string? SideBySidePath { get; init; }

    /// <summary>Mux the dataset's audio into the side-by-side video when frames are contiguous.</summary>
    public bool MuxAudio { get; init; } = true;

    /// <summary>LMD measurer; null skips LMD (reported as null). The CLI passes <see cref="MouthLandmarkDistance.Load"/>.</summary>
    public MouthLandmarkDistance? Landmarks { get; init; }

    /// <summary>
    /// Phone recogniser for the viseme measures (16-kHz mono samples → timed phones); null skips them. Used only with
    /// <see cref="Landmarks"/>. The CLI passes a PocketSphinx <see cref="PhoneRecognizer"/>.
    /// </summary>
    public Func<float[], IReadOnlyList<TimedPhone>>? Phones { get; init; }

    public MediaTools? Tools { get; init; }
}
