using EdgeAvatar.Audio;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// A temporary 16 kHz mono WAV holding the dataset audio of frames [first, first+count) (video frame i starts at
/// i / fps seconds), so a video of just those frames can carry their sound. Deleted on Dispose.
/// </summary>
internal sealed class AudioClip : IDisposable
{
    private AudioClip(string path) => Path = path;

    public string Path { get; }

    /// <summary>The clip, or null when the dataset's audio ends before frame <paramref name="first"/>.</summary>
    public static AudioClip? Cut(DatasetReader dataset, int first, int count, MediaTools? tools)
    {
        DatasetManifest m = dataset.Manifest;
        short[] all = AudioDecoder.DecodeS16(dataset.PathOf(m.Files.AudioWav), tools);
        long start = (long)Math.Round(first / m.Fps * AudioDecoder.SampleRate);
        long end = Math.Min(all.Length, (long)Math.Round((first + count) / m.Fps * AudioDecoder.SampleRate));
        if (end <= start) return null;
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"edgeavatar-eval-{Environment.ProcessId}-{Guid.NewGuid():N}.wav");
        WavWriter.Write(path, all.AsSpan((int)start, (int)(end - start)), AudioDecoder.SampleRate);
        return new AudioClip(path);
    }

    public void Dispose()
    {
        try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
