namespace EdgeAvatar.Host.Deploy;

/// <summary>
/// The numbered points of <c>model install</c> at which the crash-safety test kills the process (see
/// <see cref="CrashPoints"/>). Each value names the state already reached when the point fires. The invariant the
/// test checks at every one: <c>current</c> resolves to the old or the new model, and that model verifies.
/// Values are part of the test contract: add new ones at the end, never renumber.
/// </summary>
public enum InstallStep
{
    /// <summary>The upload was verified; nothing in the store has changed yet.</summary>
    SourceVerified = 1,
    /// <summary>Half of the upload has been copied into the staging file (not yet synced).</summary>
    StagingPartlyWritten = 2,
    /// <summary>The staging file is complete, fsynced and re-verified; it is not in models/ yet.</summary>
    StagedAndVerified = 3,
    /// <summary>models/&lt;sha256&gt;/model.eavm is in place; <c>current</c> still names the old model.</summary>
    VersionInPlace = 4,
    /// <summary>The <c>current.tmp-&lt;pid&gt;</c> symlink exists; <c>current</c> still names the old model.</summary>
    TempLinkCreated = 5,
    /// <summary><c>current</c> was renamed to name the new model; the store directory is not fsynced yet.</summary>
    CurrentSwitched = 6,
    /// <summary>The store directory was fsynced; history.json does not record the new model yet.</summary>
    DirectorySynced = 7,
    /// <summary>history.json records the new model; old versions are not pruned yet.</summary>
    HistoryWritten = 8,
    /// <summary>The first pruned version was moved to the trash and partly deleted.</summary>
    Pruning = 9,
    /// <summary>Everything is done except signalling the daemon.</summary>
    Pruned = 10,
}
