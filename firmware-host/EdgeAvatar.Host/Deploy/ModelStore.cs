using EdgeAvatar.Common;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Host.Deploy;

/// <summary>
/// The kiosk's model store (default /var/lib/edgeavatar, or $EDGEAVATAR_STORE):
/// <code>
///   models/&lt;sha256&gt;/model.eavm   content-addressed versions; a file here is always complete and verified
///   current -> models/&lt;sha256&gt;    relative symlink; the daemon loads current/model.eavm
///   history.json                   activation order for rollback/list (see ModelHistory)
///   .staging/  .trash/  .lock      uploads being copied, versions being deleted, the operation lock
/// </code>
/// Invariants (what the crash-safety test checks after kill -9 at every <see cref="InstallStep"/>):
/// <list type="number">
/// <item>An upload is verified (header + SHA-256) before the store is touched, and verified again after it was
/// copied and fsynced, before it is renamed into models/; so models/&lt;sha&gt;/model.eavm only ever appears complete.</item>
/// <item><c>current</c> changes only by rename(2) of a fully formed temporary symlink over it: every reader, and
/// every crash, sees the old link or the new one, never none (<c>ln -sfn</c> would unlink first and leave a gap).</item>
/// <item>The version <c>current</c> names and the rollback target are never pruned.</item>
/// <item>Leftovers of an interrupted run (.staging, .trash, current.tmp-*) are only garbage: the next operation
/// removes them under the lock.</item>
/// </list>
/// Operations that change the store hold an exclusive lock on .lock (flock via FileShare.None; released by the
/// kernel if the process dies), so concurrent installs fail fast with exit 75 instead of interleaving.
/// </summary>
public sealed class ModelStore
{
    public const string DefaultRoot = "/var/lib/edgeavatar";
    public const string StoreEnvironmentVariable = "EDGEAVATAR_STORE";
    public const string ModelFileName = "model.eavm";
    private const string ModelsDirName = "models";
    private const string CurrentName = "current";
    private const int CopyChunkBytes = 1 << 20;
    private const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ReadableDirectory = ReadableFile | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public ModelStore(string root)
    {
        Root = Path.GetFullPath(root).TrimEnd('/');
        if (Root.Length == 0)
            Root = "/";
    }

    /// <summary>The option value if given, else $EDGEAVATAR_STORE, else /var/lib/edgeavatar.</summary>
    public static string ResolveRoot(string? option)
    {
        if (!string.IsNullOrEmpty(option))
            return option;
        string? env = Environment.GetEnvironmentVariable(StoreEnvironmentVariable);
        return string.IsNullOrEmpty(env) ? DefaultRoot : env;
    }

    public string Root { get; }
    public string ModelsDir => Path.Combine(Root, ModelsDirName);
    public string CurrentLink => Path.Combine(Root, CurrentName);
    public string HistoryPath => Path.Combine(Root, "history.json");
    private string StagingDir => Path.Combine(Root, ".staging");
    private string TrashDir => Path.Combine(Root, ".trash");
    private string LockPath => Path.Combine(Root, ".lock");

    /// <summary>models/&lt;sha&gt;/model.eavm.</summary>
    public string ModelPath(string sha) => Path.Combine(ModelsDir, sha, ModelFileName);

    public static bool IsSha256(string s)
        => s.Length == 64 && s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>The version <c>current</c> names, or null when no model is installed.</summary>
    public string? CurrentSha()
    {
        string? target = new FileInfo(CurrentLink).LinkTarget;
        if (target is null)
        {
            if (Path.Exists(CurrentLink))
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"'{CurrentLink}' is not a symlink; the store at '{Root}' was changed by hand");
            return null;
        }
        string trimmed = target.TrimEnd('/');
        string prefix = ModelsDirName + "/";
        string sha = trimmed.StartsWith(prefix, StringComparison.Ordinal) ? trimmed[prefix.Length..] : "";
        if (!IsSha256(sha))
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"'{CurrentLink}' points at '{target}', not at models/<sha256>; the store was changed by hand");
        return sha;
    }

    /// <summary>Installs <paramref name="source"/> and makes it current; see the class comment for the steps.</summary>
    public ModelSwitchResult Install(string source, int keep, TextWriter progress)
    {
        if (keep < 1)
            throw new EdgeAvatarException(ExitCodes.Usage, "--keep must be at least 1");
        string sourcePath = Path.GetFullPath(source);

        // Step 1: verify the upload before anything in the store changes. Throws 66 (missing) or 65 (corrupt, or not
        // a drawable avatar: the daemon would accept it here and then fail on it at every start).
        string sha;
        long length;
        using (EavmModel upload = EavmReader.Open(sourcePath))
        {
            AvatarModelFile.Validate(upload, sourcePath);
            sha = upload.Header.Sha256;
            length = (long)upload.Header.FileLength;
            progress.WriteLine($"edgeavatar: verified {sourcePath}: {upload.Manifest.Kind}, sha256 {sha}");
        }
        CrashPoints.Reached(InstallStep.SourceVerified);

        EnsureLayout();
        using FileStream storeLock = AcquireLock();
        RemoveLeftovers();
        ModelHistory history = LoadReconciledHistory();
        string? oldSha = CurrentSha();

        if (oldSha == sha && VerifyVersion(sha) is null)
        {
            // Nothing to switch, but still record a reconciled history and honour --keep: repeating an install
            // that was killed after its switch must finish what it left undone.
            List<string> prunedNow = SaveHistoryAndPrune(history, sha, keep);
            progress.WriteLine($"edgeavatar: {sha} is already the current model; nothing switched");
            return new ModelSwitchResult(sha, oldSha, Changed: false, prunedNow);
        }

        if (VerifyVersion(sha) is null)
            progress.WriteLine($"edgeavatar: {sha} is already in the store; reusing it");
        else
            StageVersion(sourcePath, sha, length);
        CrashPoints.Reached(InstallStep.VersionInPlace);

        SwitchCurrent(sha, crashPoints: true);
        history.Add(new ModelHistoryEntry(sha, DateTimeOffset.UtcNow, sourcePath));
        try
        {
            List<string> pruned = SaveHistoryAndPrune(history, sha, keep);
            CrashPoints.Reached(InstallStep.Pruned);
            return new ModelSwitchResult(sha, oldSha, Changed: true, pruned);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The switch is done and cannot be taken back safely: say so (the caller still reloads the daemon), and
            // leave the history to the next operation's Reconcile, which records the current model as "recovered".
            return new ModelSwitchResult(sha, oldSha, Changed: true, [])
            {
                HistoryError = $"{sha} is now the current model, but '{HistoryPath}' could not be updated ({e.Message}); "
                    + "the next install or rollback repairs it",
            };
        }
    }

    /// <summary>
    /// Writes the history (trimmed to the versions kept) and then deletes the versions not kept: in that order, so a
    /// crash in between leaves orphan directories (pruned by the next install), never history naming deleted ones.
    /// </summary>
    private List<string> SaveHistoryAndPrune(ModelHistory history, string current, int keep)
    {
        HashSet<string> kept = KeepSet(history, current, keep);
        history.RemoveWhere(s => !kept.Contains(s));
        history.Save(HistoryPath);
        PosixFs.FsyncDirectory(Root);
        CrashPoints.Reached(InstallStep.HistoryWritten);
        return Prune(kept);
    }

    /// <summary>
    /// Points <c>current</c> at the previous version (the newest other version in the history that still exists),
    /// after verifying it; a corrupt previous version is refused (65) and <c>current</c> stays. The version rolled
    /// back from stays in the store until pruned, but leaves the history, so repeated rollbacks walk further back.
    /// </summary>
    public ModelSwitchResult Rollback(TextWriter progress)
    {
        // Nothing installed means nothing to roll back to: say so without creating an empty store as a side effect.
        if (!Directory.Exists(ModelsDir) || CurrentSha() is null)
            throw new EdgeAvatarException(ExitCodes.NoInput, $"no model is installed in '{Root}'; nothing to roll back");
        EnsureLayout();
        using FileStream storeLock = AcquireLock();
        RemoveLeftovers();
        ModelHistory history = LoadReconciledHistory();
        string current = CurrentSha()
            ?? throw new EdgeAvatarException(ExitCodes.NoInput, $"no model is installed in '{Root}'; nothing to roll back");
        string previous = history.Previous(current, VersionExists)
            ?? throw new EdgeAvatarException(ExitCodes.NoInput,
                $"no previous model version is recorded in '{Root}'; nothing to roll back to");
        string? error = VerifyVersion(previous);
        if (error is not null)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"previous version {previous} does not verify ({error}); current model left unchanged");

        SwitchCurrent(previous, crashPoints: false);
        while (history.Entries.Count > 0 && history.Entries[^1].Sha256 != previous)
            history.RemoveLast();
        history.Save(HistoryPath);
        PosixFs.FsyncDirectory(Root);
        progress.WriteLine($"edgeavatar: rolled back from {current} to {previous}");
        return new ModelSwitchResult(previous, current, Changed: true, Pruned: []);
    }

    /// <summary>Every version in models/, most recently activated first; each one verified. Read-only (no lock).</summary>
    public IReadOnlyList<ModelVersionInfo> List()
    {
        if (!Directory.Exists(ModelsDir))
            return [];
        ModelHistory history = ModelHistory.Load(HistoryPath);
        string? current = CurrentSha();
        history.Reconcile(current, DirectoryTime); // in memory only: list never writes
        string? previous = current is null ? null : history.Previous(current, VersionExists);

        var result = new List<ModelVersionInfo>();
        foreach (string dir in Directory.EnumerateDirectories(ModelsDir))
        {
            string sha = Path.GetFileName(dir);
            if (!IsSha256(sha))
                continue;
            string path = ModelPath(sha);
            string? kind = null;
            string? error = null;
            try
            {
                using EavmModel model = EavmReader.Open(path);
                kind = model.Manifest.Kind;
                if (model.Header.Sha256 != sha)
                    error = $"content sha256 {model.Header.Sha256} does not match its directory";
                else
                    AvatarModelFile.Validate(model, path);
            }
            catch (EdgeAvatarException e)
            {
                error = e.Message;
            }
            long size = File.Exists(path) ? new FileInfo(path).Length : 0;
            result.Add(new ModelVersionInfo(sha, path, size, kind, error, sha == current, sha == previous,
                history.LastActivation(sha) ?? DirectoryTime(sha)));
        }
        return result.OrderByDescending(v => v.IsCurrent).ThenByDescending(v => v.ActivatedAt)
            .ThenBy(v => v.Sha256, StringComparer.Ordinal).ToList();
    }

    /// <summary>Null if models/&lt;sha&gt;/model.eavm exists, verifies and really has that sha; else why not.</summary>
    public string? VerifyVersion(string sha)
    {
        try
        {
            if (IsLink(Path.Combine(ModelsDir, sha)))
                return "its directory is a symlink; the store was changed by hand";
            using EavmModel model = EavmReader.Open(ModelPath(sha));
            if (model.Header.Sha256 != sha)
                return $"content sha256 {model.Header.Sha256} does not match its directory";
            AvatarModelFile.Validate(model, ModelPath(sha));
            return null;
        }
        catch (EdgeAvatarException e)
        {
            return e.Message;
        }
    }

    private bool VersionExists(string sha) => !IsLink(Path.Combine(ModelsDir, sha)) && File.Exists(ModelPath(sha));

    /// <summary>True for a symlink (to anything, dangling included): the store never follows one below models/.</summary>
    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private DateTimeOffset DirectoryTime(string sha)
    {
        string dir = Path.Combine(ModelsDir, sha);
        return Directory.Exists(dir) ? Directory.GetLastWriteTimeUtc(dir) : DateTimeOffset.UnixEpoch;
    }

    private ModelHistory LoadReconciledHistory()
    {
        ModelHistory history = ModelHistory.Load(HistoryPath);
        history.Reconcile(CurrentSha(), DirectoryTime);
        return history;
    }

    /// <summary>
    /// Copies the upload into .staging (same filesystem as models/, so the final move is a rename), fsyncs it,
    /// re-verifies the copy — that is the file that will be served, and the upload may have been overwritten since
    /// step 1 — and renames it to models/&lt;sha&gt;/model.eavm.
    /// </summary>
    private void StageVersion(string sourcePath, string sha, long length)
    {
        string staging = Path.Combine(StagingDir, $"upload-{Environment.ProcessId}-{Guid.NewGuid():N}.eavm");
        try
        {
            using (var input = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, CopyChunkBytes))
            using (var output = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                var buffer = new byte[CopyChunkBytes];
                long copied = 0;
                bool announced = false;
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    output.Write(buffer, 0, read);
                    copied += read;
                    if (!announced && copied >= length / 2)
                    {
                        announced = true;
                        output.Flush(flushToDisk: false);
                        CrashPoints.Reached(InstallStep.StagingPartlyWritten);
                    }
                }
                output.Flush(flushToDisk: true);
            }

            using (EavmModel staged = EavmReader.Open(staging))
            {
                if (staged.Header.Sha256 != sha)
                    throw new EdgeAvatarException(ExitCodes.TempFail,
                        $"'{sourcePath}' changed while it was being copied; current model left unchanged, try again");
            }
            CrashPoints.Reached(InstallStep.StagedAndVerified);

            string versionDir = Path.Combine(ModelsDir, sha);
            if (Directory.Exists(versionDir))
                MoveToTrashAndDelete(sha, announce: false); // a broken leftover (checked by the caller)
            Directory.CreateDirectory(versionDir);
            // Installs run as root (sudo) but the daemon reads the model as user edgeavatar: make the version
            // world-readable explicitly, whatever the installing shell's umask (077 would lock the daemon out).
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(versionDir, ReadableDirectory);
                File.SetUnixFileMode(staging, ReadableFile);
            }
            PosixFs.Rename(staging, ModelPath(sha));
            PosixFs.FsyncDirectory(versionDir);
            PosixFs.FsyncDirectory(ModelsDir);
        }
        catch (IOException e)
        {
            throw new EdgeAvatarException(ExitCodes.IoError,
                $"cannot copy '{sourcePath}' into the store '{Root}': {e.Message}; current model left unchanged", e);
        }
        catch (EavmFormatException e)
        {
            throw new EavmFormatException($"the staged copy does not verify ({e.Message}); current model left unchanged", e);
        }
        finally
        {
            if (File.Exists(staging))
                File.Delete(staging);
        }
    }

    /// <summary>
    /// Creates current.tmp-&lt;pid&gt; -> models/&lt;sha&gt; and renames it over <c>current</c> (one rename(2)),
    /// then fsyncs the store directory so the switch survives a power cut.
    /// </summary>
    private void SwitchCurrent(string sha, bool crashPoints)
    {
        string temp = Path.Combine(Root, $"{CurrentName}.tmp-{Environment.ProcessId}");
        DeleteEntry(temp);
        File.CreateSymbolicLink(temp, $"{ModelsDirName}/{sha}");
        if (crashPoints)
            CrashPoints.Reached(InstallStep.TempLinkCreated);
        PosixFs.Rename(temp, CurrentLink);
        if (crashPoints)
            CrashPoints.Reached(InstallStep.CurrentSwitched);
        PosixFs.FsyncDirectory(Root);
        if (crashPoints)
            CrashPoints.Reached(InstallStep.DirectorySynced);
    }

    /// <summary>
    /// Versions to keep: the <paramref name="keep"/> most recently activated (current first), plus always the
    /// current and the rollback target, even when <paramref name="keep"/> is 1.
    /// </summary>
    private HashSet<string> KeepSet(ModelHistory history, string current, int keep)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal) { current };
        string? previous = history.Previous(current, VersionExists);
        if (previous is not null)
            kept.Add(previous);
        foreach (string sha in history.MostRecentFirst().Where(VersionExists))
        {
            if (kept.Count >= keep)
                break;
            kept.Add(sha);
        }
        return kept;
    }

    /// <summary>Deletes every version directory not in <paramref name="kept"/> (orphans included).</summary>
    private List<string> Prune(HashSet<string> kept)
    {
        var pruned = new List<string>();
        foreach (string dir in Directory.EnumerateDirectories(ModelsDir).ToList())
        {
            string sha = Path.GetFileName(dir);
            if (!IsSha256(sha) || kept.Contains(sha))
                continue;
            MoveToTrashAndDelete(sha, announce: pruned.Count == 0);
            pruned.Add(sha);
        }
        if (pruned.Count > 0)
            PosixFs.FsyncDirectory(ModelsDir);
        return pruned;
    }

    /// <summary>
    /// Renames models/&lt;sha&gt; into .trash first (one step), so a crash mid-delete never leaves a half-deleted
    /// version under models/; the trash is emptied now or by the next operation.
    /// </summary>
    private void MoveToTrashAndDelete(string sha, bool announce)
    {
        string trashed = Path.Combine(TrashDir, $"{sha}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        PosixFs.Rename(Path.Combine(ModelsDir, sha), trashed);
        if (IsLink(trashed))
        {
            // A version "directory" that is a symlink (put there by hand) points outside the store: remove the link
            // only. Following it would delete someone else's model.eavm.
            File.Delete(trashed);
            return;
        }
        string file = Path.Combine(trashed, ModelFileName);
        if (File.Exists(file))
            File.Delete(file);
        if (announce)
            CrashPoints.Reached(InstallStep.Pruning);
        Directory.Delete(trashed, recursive: true);
    }

    private void EnsureLayout()
    {
        try
        {
            Directory.CreateDirectory(Root);
            if (!Directory.Exists(ModelsDir))
            {
                Directory.CreateDirectory(ModelsDir);
                if (OperatingSystem.IsLinux())
                    File.SetUnixFileMode(ModelsDir, ReadableDirectory); // see StageVersion: the daemon must traverse it
            }
            Directory.CreateDirectory(StagingDir);
            Directory.CreateDirectory(TrashDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"cannot create the model store '{Root}': {e.Message}", e);
        }
    }

    private FileStream AcquireLock()
    {
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Linux; the kernel drops it when the process dies.
            return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new EdgeAvatarException(ExitCodes.IoError,
                $"cannot open '{LockPath}': {e.Message} (model install/rollback need write access; use sudo)", e);
        }
        catch (IOException e) when (IsLockHeld(e))
        {
            throw new EdgeAvatarException(ExitCodes.TempFail,
                $"another model install or rollback is running on '{Root}' ({e.Message}); try again", e);
        }
        catch (IOException e)
        {
            // Read-only or full filesystem, I/O error: retrying will not help, and nobody else holds the lock.
            throw new EdgeAvatarException(ExitCodes.IoError, $"cannot open '{LockPath}': {e.Message}", e);
        }
    }

    /// <summary>
    /// True when opening the lock failed because another process holds it: .NET reports a failed
    /// flock(LOCK_EX | LOCK_NB) as an IOException whose HResult is the raw errno, EWOULDBLOCK (11 on Linux); every
    /// other IOException (EROFS 30, ENOSPC 28, EIO 5) is a real I/O failure that retrying will not fix.
    /// </summary>
    public static bool IsLockHeld(IOException e) => e.HResult == EWouldBlock;

    private const int EWouldBlock = 11;

    /// <summary>Removes garbage of interrupted runs. Only called under the lock, so nothing here is in use.</summary>
    private void RemoveLeftovers()
    {
        foreach (string file in Directory.EnumerateFileSystemEntries(StagingDir))
            DeleteEntry(file);
        foreach (string entry in Directory.EnumerateFileSystemEntries(TrashDir))
            DeleteEntry(entry);
        foreach (string temp in Directory.EnumerateFileSystemEntries(Root, $"{CurrentName}.tmp-*"))
            DeleteEntry(temp);
    }

    /// <summary>Deletes a file, symlink (never its target) or directory tree; missing is fine.</summary>
    private static void DeleteEntry(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || File.Exists(path))
            File.Delete(path);
        else if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }
}
