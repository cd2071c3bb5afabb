using EdgeAvatar.Common;
using EdgeAvatar.Model;

namespace EdgeAvatar.Model.Tests;

public sealed class EavmWriterTests
{
    [Fact]
    public void Write_publishes_a_complete_file_and_leaves_no_temporary_sibling()
    {
        using var dir = SampleModels.TempDirectory();
        string path = dir.File("model.eavm");
        SampleModels.Writer().Write(path);
        Assert.Equal(SampleModels.Bytes(), File.ReadAllBytes(path));
        Assert.Equal(["model.eavm"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_that_fails_midway_keeps_the_old_file_intact()
    {
        using var dir = SampleModels.TempDirectory();
        string path = dir.File("model.eavm");
        byte[] old = new byte[] { 1, 2, 3 };
        File.WriteAllBytes(path, old);
        EavmWriter writer = SampleModels.Writer();
        writer.OutputWrapper = s => new FailingStream(s, failAfterBytes: 300);

        var e = Assert.Throws<EdgeAvatarException>(() => writer.Write(path));

        Assert.Equal(ExitCodes.IoError, e.ExitCode);
        Assert.IsType<IOException>(e.InnerException);
        Assert.Equal(old, File.ReadAllBytes(path));
        Assert.Equal(["model.eavm"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_that_fails_midway_creates_no_target_file()
    {
        using var dir = SampleModels.TempDirectory();
        string path = dir.File("model.eavm");
        EavmWriter writer = SampleModels.Writer();
        writer.OutputWrapper = s => new FailingStream(s, failAfterBytes: 200);

        Assert.Throws<EdgeAvatarException>(() => writer.Write(path));

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Write_into_a_missing_directory_is_an_io_error()
    {
        using var dir = SampleModels.TempDirectory();
        var e = Assert.Throws<EdgeAvatarException>(() => SampleModels.Writer().Write(dir.File("no/such/model.eavm")));
        Assert.Equal(ExitCodes.IoError, e.ExitCode);
    }

    [Fact]
    public void AddTensor_rejects_shape_that_does_not_match_data_length()
    {
        var writer = new EavmWriter(SampleModels.Manifest());
        Assert.Throws<ArgumentException>(() => writer.AddTensor<float>("t", new float[5], 2, 3));
    }

    [Fact]
    public void AddTensor_rejects_duplicate_names_invalid_names_and_rank_over_8()
    {
        var writer = new EavmWriter(SampleModels.Manifest());
        writer.AddTensor<byte>("t", new byte[1], 1);
        Assert.Throws<ArgumentException>(() => writer.AddTensor<byte>("t", new byte[1], 1));
        Assert.Throws<ArgumentException>(() => writer.AddTensor<byte>("", new byte[1], 1));
        Assert.Throws<ArgumentException>(() => writer.AddTensor<byte>("bad\nname", new byte[1], 1));
        Assert.Throws<ArgumentException>(() => writer.AddTensor<byte>(new string('x', 256), new byte[1], 1));
        Assert.Throws<ArgumentException>(() => writer.AddTensor<byte>("r9", new byte[1], 1, 1, 1, 1, 1, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => writer.AddTensor<byte>("neg", ReadOnlySpan<byte>.Empty, -1, 0));
    }

    [Fact]
    public void AddTensor_rejects_unsupported_element_types()
    {
        var writer = new EavmWriter(SampleModels.Manifest());
        Assert.Throws<NotSupportedException>(() => writer.AddTensor<double>("d", new double[1], 1));
    }

    [Fact]
    public void Writer_rejects_manifest_the_reader_would_reject()
    {
        Assert.Throws<ArgumentException>(() => new EavmWriter(SampleModels.Manifest(kind: "")));
        Assert.Throws<ArgumentException>(() => new EavmWriter(SampleModels.Manifest() with
        {
            Training = SampleModels.Manifest().Training with { Steps = -1 },
        }));
    }

    /// <summary>Passes writes through until a byte budget is spent, then throws as a full disk would.</summary>
    private sealed class FailingStream(Stream inner, long failAfterBytes) : Stream
    {
        private long _left = failAfterBytes;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length > _left)
            {
                inner.Write(buffer[..(int)_left]);
                _left = 0;
                throw new IOException("No space left on device (simulated)");
            }
            inner.Write(buffer);
            _left -= buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
