namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// Settings of the speaker-independent mouth front end (<see cref="PhoneFeatures"/>): which phone classes it
/// measures, how many video frames of context each side, and whether it adds the loudness cue. Stored as data in a
/// model (the mouth generator's front end), so the trainer and the device compute the same features.
/// </summary>
public sealed record PhoneFeatureConfig
{
    /// <summary>Largest context (video frames each side) a model may ask for.</summary>
    public const int MaxContext = 12;

    /// <summary>
    /// Phone classes, each a space-separated list of CMU phone names ("P B M"). A frame's feature for a class is the
    /// share of the frame its phones cover. A phone in no class (fillers such as +SPN+) adds nothing, which the
    /// generator's bias absorbs. No phone may be in two classes.
    /// </summary>
    public string[] Classes { get; init; } = VisemeClasses;

    /// <summary>Video frames of context on each side: the features of frames f − Context .. f + Context feed frame f.</summary>
    public int Context { get; init; } = 3;

    /// <summary>
    /// Adds two loudness features per frame: log energy relative to the loud frames of the same chunk (per-utterance
    /// normalisation, so microphone gain and speaker level cancel) and its slope.
    /// </summary>
    public bool Energy { get; init; } = true;

    /// <summary>Features per frame before the context window.</summary>
    public int FrameWidth => (Classes?.Length ?? 0) + (Energy ? 2 : 0);

    /// <summary>Features per frame after the context window: (2 · Context + 1) · FrameWidth.</summary>
    public int Width => (2 * Context + 1) * FrameWidth;

    /// <summary>
    /// Mouth-shape classes of the CMU phones (viseme-like: the lips and jaw look alike within a class). Silence is a
    /// class of its own: the mouth at rest.
    /// </summary>
    public static string[] VisemeClasses { get; } =
    [
        "SIL", "P B M", "F V", "TH DH", "T D N L", "S Z", "SH ZH CH JH", "K G NG HH", "R ER", "W UW OW UH OY",
        "Y IY IH EY EH", "AA AE AH AO AW AY",
    ];

    /// <summary>One class per CMU phone, plus silence.</summary>
    public static string[] PhoneClassesEach { get; } =
    [
        "SIL", "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY",
        "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    ];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Classes is null) problems.Add("classes: missing");
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < Classes.Length; i++)
            {
                string[] names = (Classes[i] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (names.Length == 0) problems.Add($"classes[{i}]: empty");
                foreach (string n in names)
                    if (!seen.Add(n)) problems.Add($"classes[{i}]: phone '{n}' is already in another class");
            }
            if (Classes.Length > 64) problems.Add($"classes: {Classes.Length} classes; at most 64");
        }
        if (Context is < 0 or > MaxContext) problems.Add($"context: {Context} is outside 0..{MaxContext}");
        if (Classes is not null && FrameWidth == 0) problems.Add("classes: no phone class and no energy: the front end measures nothing");
        return problems;
    }

    /// <summary>Phone name → class index (names in no class are absent).</summary>
    public Dictionary<string, int> ClassIndex()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Classes.Length; i++)
            foreach (string n in Classes[i].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                map[n] = i;
        return map;
    }
}
