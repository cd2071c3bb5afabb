using System.Text.Json;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Deploy;

/// <summary>
/// The store's activation history, <c>history.json</c>: entries oldest first, the last one is the current model.
/// It only orders versions for <c>rollback</c> and <c>list</c>; the <c>current</c> symlink is the single source of
/// truth for which model is active. The file is always replaced with <see cref="AtomicFile"/> (temp file, fsync,
/// rename), so it is the old or the new list, never a torn one.
/// <para>
/// Because the symlink switch and the history write are two steps, a crash between them leaves the history one step
/// behind. <see cref="Reconcile"/> repairs that deterministically: operations switch the symlink first and write the
/// history second, so if the last entry is not the current model, either a rollback was interrupted (current equals
/// the entry before the last: drop the last) or an install was (append current as "recovered").
/// </para>
/// </summary>
public sealed class ModelHistory
{
    private const int FormatVersion = 1;
    private readonly List<ModelHistoryEntry> _entries;

    private ModelHistory(List<ModelHistoryEntry> entries) => _entries = entries;

    public IReadOnlyList<ModelHistoryEntry> Entries => _entries;

    /// <summary>Loads <paramref name="path"/>; a missing file is an empty history, an unreadable one a data error.</summary>
    public static ModelHistory Load(string path)
    {
        if (!File.Exists(path))
            return new ModelHistory([]);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var entries = new List<ModelHistoryEntry>();
            foreach (JsonElement e in doc.RootElement.GetProperty("entries").EnumerateArray())
            {
                string sha = e.GetProperty("sha256").GetString() ?? "";
                if (!ModelStore.IsSha256(sha))
                    throw new JsonException($"bad sha256 '{sha}'");
                entries.Add(new ModelHistoryEntry(sha, e.GetProperty("activatedAt").GetDateTimeOffset(),
                    e.TryGetProperty("source", out JsonElement s) ? s.GetString() ?? "" : ""));
            }
            return new ModelHistory(entries);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"model history '{path}' is unreadable ({e.Message}); move it aside to rebuild it from the store");
        }
    }

    /// <summary>Writes the history atomically (see the class comment).</summary>
    public void Save(string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteNumber("version", FormatVersion);
            w.WriteStartArray("entries");
            foreach (ModelHistoryEntry e in _entries)
            {
                w.WriteStartObject();
                w.WriteString("sha256", e.Sha256);
                w.WriteString("activatedAt", e.ActivatedAt.ToUniversalTime());
                w.WriteString("source", e.Source);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Makes the last entry equal <paramref name="currentSha"/> (see the class comment). Returns true if changed.</summary>
    public bool Reconcile(string? currentSha, Func<string, DateTimeOffset> activatedAtFallback)
    {
        if (currentSha is null || (_entries.Count > 0 && _entries[^1].Sha256 == currentSha))
            return false;
        if (_entries.Count >= 2 && _entries[^2].Sha256 == currentSha)
            _entries.RemoveAt(_entries.Count - 1);
        else
            _entries.Add(new ModelHistoryEntry(currentSha, activatedAtFallback(currentSha), "recovered"));
        return true;
    }

    public void Add(ModelHistoryEntry entry) => _entries.Add(entry);

    /// <summary>Drops the last entry (a rollback leaves the version it left in the store, just not in the history).</summary>
    public void RemoveLast() => _entries.RemoveAt(_entries.Count - 1);

    /// <summary>Keeps only entries whose version still exists.</summary>
    public void RemoveWhere(Func<string, bool> isGone) => _entries.RemoveAll(e => isGone(e.Sha256));

    /// <summary>
    /// The rollback target: walking back from the newest entry, the first version that differs from
    /// <paramref name="currentSha"/> and for which <paramref name="exists"/> holds; null if none.
    /// </summary>
    public string? Previous(string? currentSha, Func<string, bool> exists)
    {
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            string sha = _entries[i].Sha256;
            if (sha != currentSha && exists(sha))
                return sha;
        }
        return null;
    }

    /// <summary>Distinct versions, most recently activated first.</summary>
    public IEnumerable<string> MostRecentFirst()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            if (seen.Add(_entries[i].Sha256))
                yield return _entries[i].Sha256;
        }
    }

    /// <summary>When <paramref name="sha"/> last became current, or null if the history does not record it.</summary>
    public DateTimeOffset? LastActivation(string sha)
    {
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Sha256 == sha)
                return _entries[i].ActivatedAt;
        }
        return null;
    }
}
