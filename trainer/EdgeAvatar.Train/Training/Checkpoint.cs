using System.Security.Cryptography;
using EdgeAvatar.Common;

namespace EdgeAvatar.Train.Training;

/// <summary>
/// A run's resumable state: the next step, parameters, Adam moments and occupancy densities. Binary, little-endian:
/// "EACK" magic, version, step, three lengths, the four float arrays, then a SHA-256 of everything before it — a
/// checkpoint cut short by a kill fails the hash and is reported, never half-loaded. Written atomically (temp file +
/// rename), so the previous checkpoint survives a kill during the write.
/// </summary>
public sealed record Checkpoint(int Step, float[] Parameters, float[] M, float[] V, float[] Density)
{
    public const string FileName = "checkpoint.bin";
    private const uint Magic = 0x4B434145; // "EACK"
    private const int Version = 1;

    public void Write(string path)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic); w.Write(Version); w.Write(Step);
            w.Write(Parameters.Length); w.Write(Density.Length);
            WriteFloats(w, Parameters); WriteFloats(w, M); WriteFloats(w, V); WriteFloats(w, Density);
        }
        byte[] body = ms.ToArray();
        byte[] hash = SHA256.HashData(body);
        AtomicFile.Write(path, fs => { fs.Write(body); fs.Write(hash); });
    }

    public static Checkpoint Read(string path)
    {
        byte[] all;
        try { all = File.ReadAllBytes(path); }
        catch (IOException e) { throw new EdgeAvatarException(ExitCodes.IoError, $"cannot read checkpoint {path}: {e.Message}"); }
        if (all.Length < 52 || !SHA256.HashData(all.AsSpan(0, all.Length - 32)).AsSpan().SequenceEqual(all.AsSpan(all.Length - 32)))
            throw new EdgeAvatarException(ExitCodes.DataError, $"checkpoint {path} is damaged (checksum mismatch); delete it to restart the run.");
        using var r = new BinaryReader(new MemoryStream(all, 0, all.Length - 32));
        if (r.ReadUInt32() != Magic || r.ReadInt32() != Version)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{path} is not a version-{Version} EdgeAvatar checkpoint.");
        int step = r.ReadInt32(), n = r.ReadInt32(), cells = r.ReadInt32();
        return new Checkpoint(step, ReadFloats(r, n), ReadFloats(r, n), ReadFloats(r, n), ReadFloats(r, cells));
    }

    private static void WriteFloats(BinaryWriter w, float[] a)
        => w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));

    private static float[] ReadFloats(BinaryReader r, int n)
    {
        var a = new float[n];
        int read = r.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
        if (read != 4 * n) throw new EdgeAvatarException(ExitCodes.DataError, "checkpoint is truncated.");
        return a;
    }
}
