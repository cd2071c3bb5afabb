using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Train.Training;

/// <summary>
/// A training run's directory: run.json (preset incl. model config, dataset path, seed) and checkpoint.bin.
/// run.json is written once when the run starts; --resume reads it back so the run continues unchanged.
/// </summary>
public sealed record RunDirectory(string Path)
{
    public const string RunFileName = "run.json";

    public string RunFile => System.IO.Path.Combine(Path, RunFileName);

    public string CheckpointFile => System.IO.Path.Combine(Path, Checkpoint.FileName);

    public bool HasCheckpoint => File.Exists(CheckpointFile);

    public void WriteRun(RunInfo info)
    {
        Directory.CreateDirectory(Path);
        AtomicFile.WriteAllBytes(RunFile, JsonSerializer.SerializeToUtf8Bytes(info, AvatarJson.Options));
    }

    public RunInfo ReadRun()
    {
        if (!File.Exists(RunFile))
            throw new EdgeAvatarException(ExitCodes.NoInput, $"{Path} is not a training run directory (no {RunFileName}).");
        RunInfo info;
        try
        {
            info = JsonSerializer.Deserialize<RunInfo>(File.ReadAllBytes(RunFile), AvatarJson.Options)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"{RunFile} is not valid: {e.Message}");
        }
        // Well-formed JSON can still hold values no run could have written (a hand edit): list them all at once.
        var problems = info.Preset is null ? ["Preset is missing."] : info.Preset.Validate();
        if (problems.Count > 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"{RunFile} is not valid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems));
        return info;
    }
}
