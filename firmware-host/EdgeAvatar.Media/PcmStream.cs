using EdgeAvatar.Common;

namespace EdgeAvatar.Media;

/// <summary>
/// Read-only stream over ffmpeg's PCM stdout. At end of data it waits for ffmpeg and turns a non-zero exit into an
/// <see cref="EdgeAvatarException"/> (DataError with stderr tail), so a reader that reaches EOF without an exception
/// got the whole file. Dispose (or cancelling a read) kills ffmpeg.
/// </summary>
public sealed class PcmStream : Stream
{
    private readonly FfmpegProcess _process;
    private readonly string _source;
    private bool _ended;

    internal PcmStream(FfmpegProcess process, string source, PcmSampleFormat format)
    {
        _process = process;
        _source = source;
        Format = format;
    }

    public PcmSampleFormat Format { get; }
    public int BytesPerSample => Format == PcmSampleFormat.S16 ? 2 : 4;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Format == PcmSampleFormat.F32) return ReadRaw(buffer);
        while (_outCount == 0)
        {
            if (_ended) return 0;
            int n = ReadRaw(_in.AsSpan(_inCount));
            Convert(n);
        }
        return TakeConverted(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Format == PcmSampleFormat.F32) return await ReadRawAsync(buffer, cancellationToken).ConfigureAwait(false);
        while (_outCount == 0)
        {
            if (_ended) return 0;
            int n = await ReadRawAsync(_in.AsMemory(_inCount), cancellationToken).ConfigureAwait(false);
            Convert(n);
        }
        return TakeConverted(buffer.Span);
    }

    // f32 bytes from ffmpeg waiting for conversion (a partial sample may remain at the end) and converted s16 bytes.
    private readonly byte[] _in = new byte[16384];
    private int _inCount;
    private readonly byte[] _out = new byte[8192];
    private int _outStart, _outCount;

    private void Convert(int newBytes)
    {
        _inCount += newBytes;
        int whole = _inCount / 4 * 4;
        _outCount = PcmConversion.F32BytesToS16Bytes(_in.AsSpan(0, whole), _out);
        _outStart = 0;
        Array.Copy(_in, whole, _in, 0, _inCount - whole);
        _inCount -= whole;
        if (_ended && _inCount != 0)
            throw new EdgeAvatarException(ExitCodes.DataError, $"ffmpeg's PCM for '{_source}' ended mid-sample.");
    }

    private int TakeConverted(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, _outCount);
        _out.AsSpan(_outStart, n).CopyTo(buffer);
        _outStart += n;
        _outCount -= n;
        return n;
    }

    private int ReadRaw(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty) return 0;
        int n = _process.StandardOutput.Read(buffer);
        if (n == 0)
        {
            _process.WaitForExit();
            End();
        }
        return n;
    }

    private async ValueTask<int> ReadRawAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_ended || buffer.IsEmpty) return 0;
        int n;
        try
        {
            n = await _process.StandardOutput.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            throw;
        }
        if (n == 0)
        {
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            End();
        }
        return n;
    }

    private void End()
    {
        _ended = true;
        if (_process.EndedBySignal) throw _process.Interrupted($"decoding audio of '{_source}'");
        if (_process.ExitCode != 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"ffmpeg failed decoding audio of '{_source}' (exit {_process.ExitCode}):{Environment.NewLine}{_process.Stderr}");
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _process.Dispose();
        base.Dispose(disposing);
    }
}
