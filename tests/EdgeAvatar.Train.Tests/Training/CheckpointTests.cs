using EdgeAvatar.Common;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Training;

/// <summary>Checkpoint files round-trip exactly, and any damage (flipped byte, cut short, foreign file) is a DataError.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgeavatar-ckpt-" + Guid.NewGuid().ToString("N")[..8]);

    public CheckpointTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Checkpoint Sample()
    {
        var rng = new Random(5);
        float[] R(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f)];
        return new Checkpoint(123, R(1000), R(1000), R(1000), R(64));
    }

    [Fact]
    public void Checkpoint_round_trips_exactly()
    {
        var c = Sample();
        string path = Path.Combine(_dir, Checkpoint.FileName);
        c.Write(path);
        var back = Checkpoint.Read(path);
        Assert.Equal(123, back.Step);
        Assert.Equal(c.Parameters, back.Parameters);
        Assert.Equal(c.M, back.M);
        Assert.Equal(c.V, back.V);
        Assert.Equal(c.Density, back.Density);
        Assert.Equal([Checkpoint.FileName], Directory.GetFiles(_dir).Select(Path.GetFileName));   // no temp file left
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    [InlineData("foreign")]
    public void Damaged_checkpoint_is_a_data_error(string damage)
    {
        string path = Path.Combine(_dir, Checkpoint.FileName);
        Sample().Write(path);
        byte[] b = File.ReadAllBytes(path);
        byte[] damaged = damage switch
        {
            "flip" => Flip(b, b.Length / 2),
            "truncate" => b[..(b.Length - 100)],
            "empty" => [],
            _ => System.Text.Encoding.ASCII.GetBytes(new string('x', 4096)),
        };
        File.WriteAllBytes(path, damaged);
        var e = Assert.Throws<EdgeAvatarException>(() => Checkpoint.Read(path));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static byte[] Flip(byte[] b, int i)
    {
        var c = (byte[])b.Clone();
        c[i] ^= 0x10;
        return c;
    }
}
