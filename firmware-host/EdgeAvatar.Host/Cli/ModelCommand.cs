using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Host.Deploy;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// <c>edgeavatar model install|list|rollback|current</c>: the kiosk's model store (see <see cref="ModelStore"/>).
/// install/rollback switch the <c>current</c> symlink atomically and then SIGHUP a running daemon
/// (<see cref="DaemonReloader"/>); a corrupt upload exits 65 with the current model untouched. Data (list, current)
/// goes to stdout, progress and the daemon notice to stderr. The store is --store, else $EDGEAVATAR_STORE, else
/// /var/lib/edgeavatar.
/// </summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Install, list and roll back baked models in the kiosk's model store.");
        command.Add(CreateInstall());
        command.Add(CreateList());
        command.Add(CreateRollback());
        command.Add(CreateCurrent());
        return command;
    }

    private static Option<string?> StoreOption() => new("--store")
    {
        Description = $"Model store directory (default: ${ModelStore.StoreEnvironmentVariable} or {ModelStore.DefaultRoot}).",
    };

    private static Command CreateInstall()
    {
        var file = new Argument<string>("file") { Description = "The .eavm model to install (verified before anything changes)." };
        var store = StoreOption();
        var keep = new Option<int>("--keep")
        {
            Description = "Versions to keep (the current and the previous one are always kept).",
            DefaultValueFactory = _ => 3,
        };
        keep.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError("--keep must be at least 1.");
        });
        var command = new Command("install", "Verify a model, add it to the store, make it current and reload the daemon.")
        {
            file,
            store,
            keep,
        };
        command.SetGuardedAction(HostCommandLine.ProgramName, (parse, _) =>
        {
            var modelStore = new ModelStore(ModelStore.ResolveRoot(parse.GetValue(store)));
            ModelSwitchResult result = modelStore.Install(parse.GetValue(file)!, parse.GetValue(keep), Console.Error);
            ReportSwitch(modelStore, result, "installed");
            if (result.HistoryError is not null)
                throw new EdgeAvatarException(ExitCodes.IoError, result.HistoryError);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRollback()
    {
        var store = StoreOption();
        var command = new Command("rollback", "Make the previous model version current again and reload the daemon.") { store };
        command.SetGuardedAction(HostCommandLine.ProgramName, (parse, _) =>
        {
            var modelStore = new ModelStore(ModelStore.ResolveRoot(parse.GetValue(store)));
            ReportSwitch(modelStore, modelStore.Rollback(Console.Error), "rolled back to");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateCurrent()
    {
        var store = StoreOption();
        var command = new Command("current", "Print the current model's sha256 and path (exit 66 if none is installed).") { store };
        command.SetGuardedAction(HostCommandLine.ProgramName, (parse, _) =>
        {
            var modelStore = new ModelStore(ModelStore.ResolveRoot(parse.GetValue(store)));
            string sha = modelStore.CurrentSha()
                ?? throw new EdgeAvatarException(ExitCodes.NoInput, $"no model is installed in '{modelStore.Root}'");
            Console.Out.WriteLine($"{sha}  {modelStore.ModelPath(sha)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList()
    {
        var store = StoreOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("list", "List the versions in the store, newest first, each one verified.") { store, json };
        command.SetGuardedAction(HostCommandLine.ProgramName, (parse, _) =>
        {
            var modelStore = new ModelStore(ModelStore.ResolveRoot(parse.GetValue(store)));
            IReadOnlyList<ModelVersionInfo> versions = modelStore.List();
            if (parse.GetValue(json))
                WriteJson(modelStore, versions, Console.Out);
            else
                WriteText(modelStore, versions, Console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void ReportSwitch(ModelStore store, ModelSwitchResult result, string verb)
    {
        TextWriter e = Console.Error;
        foreach (string sha in result.Pruned)
            e.WriteLine($"edgeavatar: pruned old version {sha}");
        if (!result.Changed)
            return;
        e.WriteLine($"edgeavatar: {verb} {result.Sha256} ({store.ModelPath(result.Sha256)})");
        DaemonReloadOutcome outcome = DaemonReloader.RequestReload(DaemonReloader.ResolvePidFile());
        e.WriteLine($"edgeavatar: {outcome.Message}");
    }

    private static void WriteText(ModelStore store, IReadOnlyList<ModelVersionInfo> versions, TextWriter o)
    {
        if (versions.Count == 0)
        {
            o.WriteLine($"no models installed in {store.Root}");
            return;
        }
        foreach (ModelVersionInfo v in versions)
        {
            string mark = v.IsCurrent ? "current " : v.IsPrevious ? "previous" : "        ";
            string state = v.Verified ? $"ok  {v.Kind}" : $"CORRUPT: {v.Error}";
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}  {1}  {2:yyyy-MM-dd HH:mm:ss}Z  {3,12:N0} bytes  {4}",
                mark, v.Sha256, v.ActivatedAt.UtcDateTime, v.SizeBytes, state));
        }
    }

    private static void WriteJson(ModelStore store, IReadOnlyList<ModelVersionInfo> versions, TextWriter o)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("store", store.Root);
            w.WriteStartArray("versions");
            foreach (ModelVersionInfo v in versions)
            {
                w.WriteStartObject();
                w.WriteString("sha256", v.Sha256);
                w.WriteString("path", v.Path);
                w.WriteNumber("sizeBytes", v.SizeBytes);
                w.WriteString("kind", v.Kind);
                w.WriteBoolean("verified", v.Verified);
                w.WriteString("error", v.Error);
                w.WriteBoolean("current", v.IsCurrent);
                w.WriteBoolean("previous", v.IsPrevious);
                w.WriteString("activatedAt", v.ActivatedAt.ToUniversalTime());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
