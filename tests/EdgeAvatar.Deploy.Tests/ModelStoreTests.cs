using EdgeAvatar.Common;
using EdgeAvatar.Host.Deploy;
using EdgeAvatar.Model;
using EdgeAvatar.Tests.Avatars;

namespace EdgeAvatar.Deploy.Tests;

/// <summary>The model store's behaviour through its API (fast, in-process); the CLI and crash tests run it as a child.</summary>
public sealed class ModelStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ModelStore _store;

    public ModelStoreTests() => _store = new ModelStore(_dir.Combine("store"));

    public void Dispose() => _dir.Dispose();

    private string Model(int seed, out string sha)
    {
        string path = _dir.Combine($"upload-{seed}.eavm");
        sha = TestModels.Write(path, seed);
        return path;
    }

    private ModelSwitchResult Install(int seed, int keep = 3) => _store.Install(Model(seed, out _), keep, TextWriter.Null);

    private string[] StoredVersions()
        => Directory.EnumerateDirectories(_store.ModelsDir).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void Install_makes_the_model_current_through_a_relative_symlink_that_verifies()
    {
        string upload = Model(1, out string sha);

        ModelSwitchResult result = _store.Install(upload, 3, TextWriter.Null);

        Assert.True(result.Changed);
        Assert.Null(result.PreviousSha256);
        Assert.Equal(sha, _store.CurrentSha());
        Assert.Equal($"models/{sha}", new FileInfo(_store.CurrentLink).LinkTarget);
        using EavmModel served = EavmReader.Open(Path.Combine(_store.CurrentLink, ModelStore.ModelFileName));
        Assert.Equal(sha, served.Header.Sha256);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_store.Root, "current.tmp-*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_store.Root, ".staging")));
    }

    [Fact]
    public void List_shows_every_version_newest_first_with_current_and_previous_marked()
    {
        Model(1, out string a);
        Model(2, out string b);
        Install(1);
        Install(2);

        IReadOnlyList<ModelVersionInfo> list = _store.List();

        Assert.Equal([b, a], list.Select(v => v.Sha256));
        Assert.True(list[0].IsCurrent);
        Assert.True(list[1].IsPrevious);
        Assert.All(list, v => Assert.True(v.Verified, v.Error));
        Assert.All(list, v => Assert.Equal(TestModels.Kind, v.Kind));
    }

    [Fact]
    public void Rollback_returns_to_the_previous_version_and_repeated_rollbacks_walk_further_back()
    {
        Model(1, out string a);
        Model(2, out string b);
        Model(3, out string c);
        Install(1);
        Install(2);
        Install(3);

        Assert.Equal(b, _store.Rollback(TextWriter.Null).Sha256);
        Assert.Equal(b, _store.CurrentSha());
        Assert.Equal(a, _store.Rollback(TextWriter.Null).Sha256);
        Assert.Equal(a, _store.CurrentSha());

        var e = Assert.Throws<EdgeAvatarException>(() => _store.Rollback(TextWriter.Null));
        Assert.Equal(ExitCodes.NoInput, e.ExitCode);
        Assert.Equal(a, _store.CurrentSha());
        Assert.Contains(c, StoredVersions()); // rolled-back-from versions stay until pruned
    }

    [Fact]
    public void Reinstalling_the_current_model_changes_nothing()
    {
        Install(1);
        ModelSwitchResult again = Install(1);

        Assert.False(again.Changed);
        Assert.Single(StoredVersions());
        var e = Assert.Throws<EdgeAvatarException>(() => _store.Rollback(TextWriter.Null));
        Assert.Equal(ExitCodes.NoInput, e.ExitCode);
    }

    [Fact]
    public void Installing_an_older_version_again_makes_it_current_and_the_newer_one_previous()
    {
        Model(1, out string a);
        Model(2, out string b);
        Install(1);
        Install(2);

        ModelSwitchResult result = Install(1);

        Assert.True(result.Changed);
        Assert.Equal(a, _store.CurrentSha());
        Assert.Equal(2, StoredVersions().Length);
        Assert.Equal(b, _store.Rollback(TextWriter.Null).Sha256);
    }

    [Fact]
    public void Keep_prunes_the_oldest_versions_and_keeps_the_newest_n()
    {
        var shas = new List<string>();
        for (int seed = 1; seed <= 5; seed++)
        {
            Model(seed, out string sha);
            shas.Add(sha);
            Install(seed, keep: 3);
        }

        Assert.Equal(shas.Skip(2).Order(), StoredVersions());
        Assert.DoesNotContain(_store.List(), v => !v.Verified);
    }

    [Fact]
    public void Keep_one_still_keeps_the_current_and_the_previous_version()
    {
        Model(1, out _);
        Model(2, out string b);
        Model(3, out string c);
        Install(1, keep: 1);
        Install(2, keep: 1);
        ModelSwitchResult last = Install(3, keep: 1);

        Assert.Equal(new[] { b, c }.Order(), StoredVersions());
        Assert.Single(last.Pruned);
        Assert.Equal(b, _store.Rollback(TextWriter.Null).Sha256);
    }

    [Fact]
    public void Pruning_after_a_rollback_keeps_the_new_rollback_target()
    {
        Model(1, out string a);
        Model(2, out string b);
        Model(3, out string c);
        Model(4, out string d);
        Install(1);
        Install(2);
        Install(3);
        _store.Rollback(TextWriter.Null); // current b, history a, b

        Install(4, keep: 2);

        Assert.Equal(new[] { b, d }.Order(), StoredVersions());
        Assert.DoesNotContain(a, StoredVersions());
        Assert.DoesNotContain(c, StoredVersions());
        Assert.Equal(b, _store.Rollback(TextWriter.Null).Sha256);
    }

    [Fact]
    public void Corrupt_upload_is_refused_with_exit_65_before_the_store_changes()
    {
        Model(1, out string a);
        Install(1);
        string[] before = StoredVersions();
        string corrupt = _dir.Combine("corrupt.eavm");
        TestModels.WriteCorrupt(corrupt, 2);

        var e = Assert.ThrowsAny<EdgeAvatarException>(() => _store.Install(corrupt, 3, TextWriter.Null));

        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Equal(a, _store.CurrentSha());
        Assert.Equal(before, StoredVersions());
        Assert.Null(_store.VerifyVersion(a));
    }

    [Fact]
    public void Truncated_upload_is_refused_with_exit_65()
    {
        string truncated = _dir.Combine("truncated.eavm");
        TestModels.WriteTruncated(truncated, 1);

        var e = Assert.ThrowsAny<EdgeAvatarException>(() => _store.Install(truncated, 3, TextWriter.Null));

        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Null(_store.CurrentSha());
    }

    [Fact]
    public void Rollback_refuses_a_previous_version_that_no_longer_verifies()
    {
        Model(1, out string a);
        Model(2, out string b);
        Install(1);
        Install(2);
        string stored = _store.ModelPath(a);
        byte[] bytes = File.ReadAllBytes(stored);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(stored, bytes);

        var e = Assert.Throws<EdgeAvatarException>(() => _store.Rollback(TextWriter.Null));

        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Equal(b, _store.CurrentSha());
        Assert.Contains(_store.List(), v => v.Sha256 == a && !v.Verified);
    }

    [Fact]
    public void A_switch_not_recorded_in_the_history_is_reconciled_from_the_symlink()
    {
        // As if a rollback was killed between its rename(2) and its history write: history says c, symlink says b.
        Model(1, out string a);
        Model(2, out string b);
        Install(1);
        Install(2);
        Install(3);
        string temp = Path.Combine(_store.Root, "current.tmp-test");
        File.CreateSymbolicLink(temp, $"models/{b}");
        ProcessRunner.Result mv = ProcessRunner.Run("mv", ["-T", temp, _store.CurrentLink]); // rename(2)
        Assert.True(mv.ExitCode == 0, mv.ToString());

        IReadOnlyList<ModelVersionInfo> list = _store.List();

        Assert.Equal(b, list.Single(v => v.IsCurrent).Sha256);
        Assert.Equal(a, list.Single(v => v.IsPrevious).Sha256);
        Assert.Equal(a, _store.Rollback(TextWriter.Null).Sha256);
    }

    [Fact]
    public void A_store_changed_by_hand_is_reported_as_a_data_error()
    {
        Directory.CreateDirectory(_store.Root);
        Directory.CreateDirectory(_store.CurrentLink); // a real directory where the symlink belongs

        var e = Assert.Throws<EdgeAvatarException>(() => _store.CurrentSha());

        Assert.Equal(ExitCodes.DataError, e.ExitCode);
    }

    [Fact]
    public void Install_refuses_a_checksum_valid_model_of_another_kind_before_the_store_changes()
    {
        Install(1);
        string sha1 = _store.CurrentSha()!;
        string upload = _dir.Combine("other-kind.eavm");
        AvatarFiles.Rewrite(upload, kind: "radnerf-head-torso");

        var e = Assert.Throws<EdgeAvatarException>(() => _store.Install(upload, 3, TextWriter.Null));

        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("radnerf-head-torso", e.Message, StringComparison.Ordinal);
        Assert.Equal(sha1, _store.CurrentSha());
        Assert.Equal([sha1], StoredVersions());
    }

    [Fact]
    public void Install_refuses_a_model_whose_camera_cannot_render_naming_the_field()
    {
        string upload = _dir.Combine("fx0.eavm");
        AvatarFiles.Rewrite(upload, config: c => c["camera"]!["fx"] = 0);

        var e = Assert.Throws<EdgeAvatarException>(() => _store.Install(upload, 3, TextWriter.Null));

        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("camera.fx", e.Message, StringComparison.Ordinal);
        Assert.Null(_store.CurrentSha());
    }

    [Fact]
    public void Rollback_refuses_a_previous_version_that_is_not_a_drawable_avatar()
    {
        Install(1);
        string current = _store.CurrentSha()!;
        // A version put into the store by hand (or by an older release that did not check the kind).
        string sideloaded = _dir.Combine("sideloaded.eavm");
        string other = AvatarFiles.Rewrite(sideloaded, kind: "radnerf-head-torso");
        Directory.CreateDirectory(Path.Combine(_store.ModelsDir, other));
        File.Copy(sideloaded, _store.ModelPath(other));
        File.WriteAllText(_store.HistoryPath, $$"""
            {"version":1,"entries":[{"sha256":"{{other}}","activatedAt":"2026-01-01T00:00:00Z","source":"x"},
            {"sha256":"{{current}}","activatedAt":"2026-01-02T00:00:00Z","source":"y"}]}
            """);

        var e = Assert.Throws<EdgeAvatarException>(() => _store.Rollback(TextWriter.Null));

        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Equal(current, _store.CurrentSha());
        Assert.Contains(_store.List(), v => v.Sha256 == other && !v.Verified);
    }

    [Fact]
    public void Pruning_a_version_directory_that_is_a_symlink_out_of_the_store_removes_only_the_link()
    {
        Install(1);
        string outside = _dir.Combine("outside");
        Directory.CreateDirectory(outside);
        string precious = Path.Combine(outside, ModelStore.ModelFileName);
        File.WriteAllText(precious, "someone else's model");
        string fake = new('a', 64);
        File.CreateSymbolicLink(Path.Combine(_store.ModelsDir, fake), outside);

        Install(2, keep: 1);

        Assert.True(File.Exists(precious), "pruning followed the symlink and deleted a file outside the store");
        Assert.False(Path.Exists(Path.Combine(_store.ModelsDir, fake)));
    }

    [Fact]
    public void Install_that_cannot_write_the_history_after_switching_says_the_switch_happened()
    {
        Install(1);
        // history.json replaced by a non-empty directory: the atomic rename over it fails, as on a full disk.
        File.Delete(_store.HistoryPath);
        Directory.CreateDirectory(Path.Combine(_store.HistoryPath, "blocker"));
        string upload = Model(2, out string b);

        ModelSwitchResult result = _store.Install(upload, 3, TextWriter.Null);

        Assert.Equal(b, _store.CurrentSha());
        Assert.True(result.Changed);
        Assert.NotNull(result.HistoryError);
        Assert.Contains($"{b} is now the current model", result.HistoryError, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_without_a_store_exits_66_and_creates_nothing()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => _store.Rollback(TextWriter.Null));

        Assert.Equal(ExitCodes.NoInput, e.ExitCode);
        Assert.False(Directory.Exists(_store.Root));
    }

    [Fact]
    public void A_lock_held_by_another_process_is_a_temporary_failure_but_other_io_errors_are_not()
    {
        string path = _dir.Combine("lockfile");
        using var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        IOException contention = Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));

        Assert.True(ModelStore.IsLockHeld(contention));
        Assert.False(ModelStore.IsLockHeld(new IOException("Read-only file system", 30))); // EROFS, as .NET reports it
        Assert.False(ModelStore.IsLockHeld(new IOException("No space left on device", 28)));
    }

    [Fact]
    public void File_Move_cannot_rename_a_symlink_to_a_directory_which_is_why_the_store_calls_rename_2_itself()
    {
        // Checked on .NET 10: File.Move(overwrite: true) first tests that the source is an existing *file*, following
        // the link to a directory, and throws, so it cannot be used for the current.tmp -> current switch.
        Install(1);
        string temp = Path.Combine(_store.Root, "current.tmp-test");
        File.CreateSymbolicLink(temp, $"models/{_store.CurrentSha()}");

        Assert.Throws<FileNotFoundException>(() => File.Move(temp, _store.CurrentLink, overwrite: true));
    }
}
