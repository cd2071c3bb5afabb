using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Model;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Loads a baked avatar (.eavm of kind <see cref="Kind"/>): one tensor per parameter block (fp16 or fp32, named as
/// in <see cref="AvatarParameters"/> / <see cref="Head.HeadParameters"/>; latents hold one row, the training mean),
/// the occupancy bitfield, the background plate and the idle pose/eye/torso tracks. Any inconsistency is an
/// <see cref="EdgeAvatarException"/> with <see cref="ExitCodes.DataError"/>, never a half-built model.
/// </summary>
public static class AvatarModelFile
{
    public const string Kind = "edgeavatar-avatar-v1";
    public const string OccupancyTensor = "occupancy.bitfield";
    public const string PlateTensor = "background.plate";
    public const string PoseTrackTensor = "idle.pose_track";
    public const string EyeTrackTensor = "idle.eye_track";
    /// <summary>F × TrackWidth torso shifts; present exactly when the torso config's TrackWidth is above 0.</summary>
    public const string TorsoTrackTensor = "idle.torso_track";

    public static AvatarModel Load(string path)
    {
        if (!File.Exists(path)) throw new EdgeAvatarException(ExitCodes.NoInput, $"model file {path} does not exist.");
        using var file = EavmReader.Open(path);
        return FromEavm(file, path);
    }

    public static AvatarModel FromEavm(EavmModel file, string where)
    {
        if (file.Manifest.Kind != Kind)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where} holds a '{file.Manifest.Kind}' model, not an avatar ({Kind}).");
        BakedAvatarInfo info;
        try
        {
            info = file.Manifest.Config.Deserialize<BakedAvatarInfo>(AvatarJson.Options)
                ?? throw new JsonException("empty config");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where}: the avatar configuration is invalid: {e.Message}");
        }
        var config = AvatarModelValidator.CheckInfo(info, where);
        var blocks = new AvatarParameters(config, latentRows: 1);
        // The anchors block and the manifest's torso pose input must agree both ways: anchors without the block would
        // render with no pose input at all, a block under a raw pose input means the file is not what it says it is.
        bool hasAnchorTensor = file.TryGetTensorInfo(AvatarParameters.TorsoAnchorsName, out _);
        if (config.Torso.HasAnchors && !hasAnchorTensor)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where}: the torso's pose input is "
                + $"'{Torso.TorsoConfig.AnchorsPoseInput}' but the file has no tensor {AvatarParameters.TorsoAnchorsName}.");
        if (!config.Torso.HasAnchors && hasAnchorTensor)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where}: tensor {AvatarParameters.TorsoAnchorsName} is present "
                + $"but the torso's pose input is '{config.Torso.PoseInput}', not '{Torso.TorsoConfig.AnchorsPoseInput}'.");
        var parameters = new float[blocks.TotalCount];
        foreach (var block in blocks.Layout.Blocks)
        {
            float[] values = Tensor(file, block.Name, where);
            if (values.Length != block.Count)
                throw new EdgeAvatarException(ExitCodes.DataError, $"{where}: tensor {block.Name} has {values.Length} values, the configuration needs {block.Count}.");
            values.CopyTo(parameters, block.Offset);
        }
        // A head block the variant does not have (an ambient grid in an r2talker file, a landmark grid in a radnerf
        // one) means the manifest and tensors disagree about what the model is: refuse rather than ignore it.
        foreach (var tensor in file.Tensors)
            if (tensor.Name.StartsWith("head.", StringComparison.Ordinal) && !blocks.Layout.Contains(tensor.Name))
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"{where}: tensor {tensor.Name} is not part of a '{config.Head.Variant}' head.");
        var occupancy = new OccupancyGrid(config.Head.Bounds, config.Head.OccupancyResolution);
        byte[] bits = file.TryGetTensorInfo(OccupancyTensor, out _) ? file.GetTensorArray<byte>(OccupancyTensor) : [];
        if (bits.Length != occupancy.Bitfield.Length)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where}: occupancy bitfield has {bits.Length} bytes, expected {occupancy.Bitfield.Length}.");
        bits.CopyTo(occupancy.Bitfield, 0);
        var cam = info.Camera;
        byte[] plate = file.TryGetTensorInfo(PlateTensor, out _) ? file.GetTensorArray<byte>(PlateTensor) : [];
        if (plate.Length != (long)cam.Width * cam.Height * 3)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where}: background plate does not match the {cam.Width}x{cam.Height} camera.");
        float[] poses = Tensor(file, PoseTrackTensor, where), eyes = Tensor(file, EyeTrackTensor, where);
        if (poses.Length != 16L * info.TrackLength || eyes.Length != info.TrackLength)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where}: idle tracks do not hold {info.TrackLength} poses.");
        int trackWidth = config.Torso.TrackWidth;
        float[] torsoTrack = trackWidth == 0 ? [] : Tensor(file, TorsoTrackTensor, where);
        if (torsoTrack.Length != (long)trackWidth * info.TrackLength)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where}: the torso track does not hold {info.TrackLength} × {trackWidth} shifts.");
        AvatarModelValidator.CheckValues(parameters, poses, eyes, torsoTrack, where);
        return new AvatarModel(blocks, parameters, occupancy, cam, plate, info.Normalization, poses, eyes,
            torsoTrack, info.MeanCentre, info.TorsoRegion) { Mouth = info.Mouth };
    }

    /// <summary>
    /// Refuses (<see cref="ExitCodes.DataError"/>, the field named) a file that is not a drawable avatar: what
    /// inspect and model install run before they accept a model, the same checks <see cref="Load"/> makes.
    /// </summary>
    public static void Validate(EavmModel file, string where) => _ = FromEavm(file, where);

    private static float[] Tensor(EavmModel file, string name, string where)
    {
        if (!file.TryGetTensorInfo(name, out _))
            throw new EdgeAvatarException(ExitCodes.DataError, $"{where} has no tensor '{name}'.");
        return file.GetTensorAsSingle(name);
    }
}
