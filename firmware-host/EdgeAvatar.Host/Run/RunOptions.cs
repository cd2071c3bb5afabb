namespace EdgeAvatar.Host.Run;

/// <summary>What `edgeavatar run` was asked to do.</summary>
public sealed record RunOptions
{
    public required string ModelPath { get; init; }
    public required string Audio { get; init; }
    public required string Output { get; init; }
    /// <summary>Audio look-ahead for attention smoothing, in ms (rounded down to whole 40-ms frames, at most 120).</summary>
    public int LookAheadMs { get; init; } = 120;
    /// <summary>"plate", "#rrggbb" or a picture path.</summary>
    public string Background { get; init; } = "plate";
    public bool Blink { get; init; } = true;
    public bool FixedPose { get; init; }
    /// <summary>"alsa:DEVICE" to play a file/TTS source's speech in sync with a live output, or null.</summary>
    public string? Play { get; init; }
    public long? MaxFrames { get; init; }
    /// <summary>Output size in pixels (width, height), or null for the model's recorded size.</summary>
    public (int Width, int Height)? Size { get; init; }

    /// <summary>
    /// The output size: <c>--size N</c> (square) wins over the config's width and height, which must be set together;
    /// null when neither is given (the model's recorded size).
    /// </summary>
    public static (int Width, int Height)? SizeFrom(int? side, Configuration.DaemonConfig? file)
    {
        if (side is int n) return (n, n);
        if (file is null || (file.Width is null && file.Height is null)) return null;
        if (file.Width is int w && file.Height is int h) return (w, h);
        throw new Common.EdgeAvatarException(Common.ExitCodes.Config,
            "the configuration sets only one of width and height; set both (or neither, for the model's recorded size).");
    }
    /// <summary>auto, cpu, vulkan or a Vulkan device selector (see <see cref="FrameRendererFactory"/>).</summary>
    public string Device { get; init; } = "auto";
    /// <summary>Unix socket for JSON-lines control (0660), or null for none.</summary>
    public string? ControlSocket { get; init; }
    /// <summary>How text is spoken (tts.* of the config): say, gpio.greeting_text, run --say.</summary>
    public Audio.Speech.SpeechSettings Speech { get; init; } = new();

    /// <summary>
    /// The phones of a file source when they are known (run --say: what the synthesiser said, times from the file's
    /// first sample), or null.
    /// </summary>
    public IReadOnlyList<Audio.Phones.TimedPhone>? KnownPhones { get; init; }

    /// <summary>
    /// The TTS phone side channel (--phones, audio.phones): unix:PATH or tcp:127.0.0.1:PORT, only beside a unix: or
    /// tcp: audio source; null for none.
    /// </summary>
    public string? Phones { get; init; }

    /// <summary>
    /// A landmark file for an r2talker model (run --landmarks; LandmarkTrack says the format), or null. It wins over the
    /// model's landmark generator; an r2talker model without a generator needs one; a radnerf model refuses one.
    /// </summary>
    public string? Landmarks { get; init; }

    /// <summary>
    /// Recognise the phones of live speech nobody sends phones for (an ALSA microphone, a unix:/tcp: TTS without
    /// --phones), so that a model whose mouth follows phones moves with it. --no-live-phones turns it off, which saves
    /// the recogniser's CPU where only said text matters.
    /// </summary>
    public bool RecognizeLivePhones { get; init; } = true;

    /// <summary>GPIO triggers from the daemon config, or null for none.</summary>
    public Configuration.GpioSettings? Gpio { get; init; }
}
