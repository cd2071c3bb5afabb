using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// eSpeak NG's phoneme mnemonics (its Kirshenbaum-like names, as phoneme events report them) → the 39 CMU phones
/// (+ SIL) that the mouth measures and phone tables use. English is mapped phoneme by phoneme; an r-coloured vowel or
/// syllabic consonant becomes two CMU phones sharing its span. For other languages, a mnemonic not in the table is
/// mapped by its base (stress, length and variant marks stripped), then by its first letter, so every phoneme gets a
/// mouth shape; an unknown vowel falls back to AH and an unknown consonant to HH, both neutral for the lips.
/// </summary>
public static class EspeakPhones
{
    public const string Silence = "SIL";

    private static readonly Dictionary<string, string[]> s_table = Build();

    /// <summary>True when <paramref name="mnemonic"/> is a pause or in the table itself (no fallback needed).</summary>
    public static bool IsMapped(string mnemonic) => mnemonic.Length == 0 || mnemonic[0] == '_' || IsModifier(mnemonic) || s_table.ContainsKey(mnemonic);

    /// <summary>The CMU phones <paramref name="mnemonic"/> stands for (one or two; SIL for pauses).</summary>
    public static IReadOnlyList<string> ToCmu(string mnemonic)
    {
        ArgumentNullException.ThrowIfNull(mnemonic);
        if (mnemonic.Length == 0 || mnemonic[0] == '_') return [Silence];
        if (s_table.TryGetValue(mnemonic, out string[]? cmu)) return cmu;
        string stripped = mnemonic.TrimEnd(':', '#', '2', '3', '4', '5', '6', '-', '/', ';', '!', '^', '`', '~', '\'', '"');
        if (stripped.Length > 0 && s_table.TryGetValue(stripped, out cmu)) return cmu;
        if (s_table.TryGetValue(mnemonic[..1], out cmu)) return cmu;
        return "aeiouyAEIOUVY@369".Contains(mnemonic[0]) ? ["AH"] : ["HH"];
    }

    /// <summary>
    /// Phoneme events (mnemonic, ms into the audio, in the order reported) → CMU phones tiling [0, <paramref name="duration"/>):
    /// each phoneme lasts until the next one starts, the last until the end; audio before the first is SIL; a
    /// phoneme of two CMU phones is split in half; neighbouring SILs are merged and empty spans dropped.
    /// </summary>
    public static IReadOnlyList<TimedPhone> ToTimedPhones(IReadOnlyList<(string Mnemonic, int Ms)> events, double duration)
    {
        ArgumentNullException.ThrowIfNull(events);
        var result = new List<TimedPhone>();
        if (!(duration > 0)) return result;
        void Add(string phone, double start, double end)
        {
            start = Math.Clamp(start, 0, duration);
            end = Math.Clamp(end, 0, duration);
            if (end <= start) return;
            if (result.Count > 0 && result[^1].Phone == phone && phone == Silence) result[^1] = result[^1] with { End = end };
            else result.Add(new TimedPhone(phone, start, end));
        }
        // A pure modifier (';' palatalised, stress marks) is no sound of its own: the phone before it keeps its time.
        events = [.. events.Where(e => !IsModifier(e.Mnemonic))];
        double first = events.Count > 0 ? events[0].Ms / 1000.0 : duration;
        Add(Silence, 0, first);
        for (int i = 0; i < events.Count; i++)
        {
            double start = Math.Max(events[i].Ms / 1000.0, result.Count > 0 ? result[^1].End : 0);
            double end = i + 1 < events.Count ? events[i + 1].Ms / 1000.0 : duration;
            if (end <= start) continue;
            IReadOnlyList<string> cmu = ToCmu(events[i].Mnemonic);
            double step = (end - start) / cmu.Count;
            for (int k = 0; k < cmu.Count; k++) Add(cmu[k], start + k * step, k == cmu.Count - 1 ? end : start + (k + 1) * step);
        }
        // Events are rounded to whole ms: close any gap left at the end so the spans tile the audio.
        if (result.Count > 0 && result[^1].End < duration) Add(Silence, result[^1].End, duration);
        return result;
    }

    private static bool IsModifier(string mnemonic) => mnemonic.Length > 0 && mnemonic.All(c => c is ';' or '\'' or ',' or '%' or '=' or '"');

    private static Dictionary<string, string[]> Build()
    {
        var t = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Map(string cmu, params string[] mnemonics)
        {
            string[] parts = cmu.Split(' ');
            foreach (string m in mnemonics) t[m] = parts;
        }
        // Vowels (English, en and en-us voices).
        Map("AH", "@", "@2", "@5", "V", "a#", "I#", "@-");
        Map("AE", "a", "&", "aI@3");
        Map("AA", "A:", "aa", "A", "0", "A#", "a:");
        Map("AO", "O:", "O", "o:", "O2");
        Map("EH", "E", "e", "E2", "E#");
        Map("IH", "I", "I2", "i");
        Map("IY", "i:", "IR");
        Map("UH", "U");
        Map("UW", "u:", "u", "U:");
        Map("ER", "3:", "3", "VR", "@r");
        Map("EY", "eI");
        Map("AY", "aI");
        Map("AW", "aU");
        Map("OW", "oU", "@U", "o", "O@U");
        Map("OY", "OI");
        // R-coloured vowels and triphthongs: the vowel, then R (or the glide).
        Map("EH R", "e@");
        Map("AA R", "A@", "A:r", "aa@");
        Map("AO R", "O@", "o@");
        Map("IH R", "i@", "i@3", "I@");
        Map("UH R", "U@");
        Map("AY ER", "aI@", "aI3");
        Map("AW ER", "aU@");
        Map("AH L", "@L");
        Map("AH N", "@n");
        Map("AH M", "@m");
        // Consonants.
        Map("P", "p");
        Map("B", "b");
        Map("M", "m", "m-");
        Map("F", "f");
        Map("V", "v");
        Map("TH", "T");
        Map("DH", "D");
        Map("T", "t", "t#", "t2", "?", "*");
        Map("D", "d", "d#", "d2");
        Map("N", "n", "n-", "n2");
        Map("S", "s", "s2");
        Map("Z", "z");
        Map("SH", "S", "S;");
        Map("ZH", "Z", "Z;");
        Map("CH", "tS", "tS;");
        Map("JH", "dZ", "dZ;");
        Map("K", "k", "c", "x", "q");
        Map("G", "g", "J", "G");
        Map("NG", "N", "n^");
        Map("L", "l", "l/", "l-", "L", "l^");
        Map("R", "r", "r-", "r/", "R", "*r", "R2", "R3");
        Map("W", "w", "W");
        Map("Y", "j", "C");
        Map("HH", "h", "x#", "h#", "h^");
        return t;
    }
}
