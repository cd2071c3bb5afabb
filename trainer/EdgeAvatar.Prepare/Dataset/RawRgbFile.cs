using EdgeAvatar.Common;
using EdgeAvatar.Media;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// A dataset's frames or background plate stored raw: a file named <c>*.rgb</c> holding W×H rgb24 images back to back
/// (row-major, no header, no padding), W and H from the manifest. It exists so a dataset can be trained on a machine
/// without ffmpeg (a rented GPU box that only gets the dataset copied in): reading it is a plain file read, and the
/// bytes are exactly what the writer put there. Errors: a size that is not the expected whole number of images →
/// <see cref="ExitCodes.DataError"/> naming the file.
/// </summary>
public static class RawRgbFile
{
    public const string Extension = ".rgb";

    /// <summary>True for a file name the manifest stores raw (extension .rgb, any case).</summary>
    public static bool IsRaw(string fileName) =>
        Path.GetExtension(fileName).Equals(Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks that <paramref name="path"/> holds exactly <paramref name="images"/> W×H rgb24 images.</summary>
    public static void CheckLength(string path, int width, int height, int images)
    {
        long imageBytes = (long)width * height * 3;
        long actual = new FileInfo(path).Length;
        if (actual % imageBytes != 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"'{path}' has {actual} bytes, not a whole number of {width}x{height} rgb24 images ({imageBytes} bytes each).");
        if (actual / imageBytes != images)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"'{path}' holds {actual / imageBytes} {width}x{height} rgb24 images; the manifest says {images}.");
    }

    /// <summary>
    /// The images in order, at most <paramref name="maxImages"/> (all when null), as <see cref="VideoFrame"/>s so
    /// callers treat raw and decoded frames alike. As with <see cref="VideoFrameReader"/>, every frame's bytes live
    /// in one reused buffer: copy them to keep them. A file ending mid-image is a <see cref="ExitCodes.DataError"/>.
    /// </summary>
    public static IEnumerable<VideoFrame> Read(string path, int width, int height, double fps, int? maxImages,
        CancellationToken cancellationToken)
    {
        int imageBytes = checked(width * height * 3);
        var buffer = new byte[imageBytes];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        for (int index = 0; maxImages is not int max || index < max; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int got = stream.ReadAtLeast(buffer, imageBytes, throwOnEndOfStream: false);
            if (got == 0) yield break;
            if (got < imageBytes)
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"'{path}' ends mid-image after {index} images ({got} of {imageBytes} bytes).");
            yield return new VideoFrame(index, index / fps, width, height, buffer);
        }
    }
}
