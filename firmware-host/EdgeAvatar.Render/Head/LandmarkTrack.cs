using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// A file of landmark conditions for an r2talker head (<c>run --landmarks FILE</c>, docs/cli.md): raw little-endian
/// float32, one row per 25 fps output frame, each row the model's W × L × 2 positions (oldest frame of the window
/// first, landmarks in the model's <c>condition.frame.indices</c> order, x then y) already normalised to [0, 1] in the
/// head frame (<see cref="Conditioning.HeadFrameLandmarks"/>: the face plane and box of the model's condition). Frame
/// i of the run takes row i; after the last row the last one is held (the mouth stays as it was).
/// </summary>
public sealed class LandmarkTrack
{
    private readonly float[] _rows;

    public LandmarkTrack(float[] rows, int rowFloats)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowFloats);
        if (rows.Length == 0 || rows.Length % rowFloats != 0)
            throw new ArgumentException($"{rows.Length} floats are not a positive whole number of {rowFloats}-float rows.", nameof(rows));
        _rows = rows;
        RowFloats = rowFloats;
    }

    /// <summary>Floats of one row: the model's W × L × 2.</summary>
    public int RowFloats { get; }

    public int Frames => _rows.Length / RowFloats;

    /// <summary>Row of run frame <paramref name="frame"/>; the last row past the end.</summary>
    public ReadOnlySpan<float> Row(long frame)
        => _rows.AsSpan((int)Math.Clamp(frame, 0, Frames - 1) * RowFloats, RowFloats);

    /// <summary>
    /// Reads <paramref name="path"/> for a head whose rows hold <paramref name="rowFloats"/> floats. A missing file is
    /// <see cref="ExitCodes.NoInput"/>; a length that is not whole rows, or a value that is not a number in [0, 1], is
    /// <see cref="ExitCodes.DataError"/> naming the row.
    /// </summary>
    public static LandmarkTrack Load(string path, int rowFloats)
    {
        if (!File.Exists(path)) throw new EdgeAvatarException(ExitCodes.NoInput, $"landmark file {path} does not exist.");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.NoInput, $"cannot read the landmark file {path}: {e.Message}");
        }
        long rowBytes = 4L * rowFloats;
        if (bytes.Length == 0 || bytes.Length % rowBytes != 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"landmark file {path} holds {bytes.Length} bytes, not a whole number of {rowBytes}-byte rows ({rowFloats} float32 per frame for this model).");
        var rows = new float[bytes.Length / 4];
        for (int i = 0; i < rows.Length; i++)
        {
            float v = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i, 4));
            if (!(v >= 0f && v <= 1f))
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"landmark file {path}: row {i / rowFloats}, value {i % rowFloats} is {v}; positions are head-frame coordinates in [0, 1].");
            rows[i] = v;
        }
        return new LandmarkTrack(rows, rowFloats);
    }
}
