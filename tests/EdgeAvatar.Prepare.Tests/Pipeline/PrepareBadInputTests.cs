using EdgeAvatar.Common;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Prepare.Pipeline;

namespace EdgeAvatar.Prepare.Tests.Pipeline;

/// <summary>Every bad input fails with its documented exit code and leaves no dataset and no temporary directory.</summary>
[Collection(PreparedClipCollection.Name)]
public sealed class PrepareBadInputTests(PreparedClipFixture fixture)
{
    private PrepareTestMedia Media => fixture.Media;

    private EdgeAvatarException Fails(string video, int exitCode, string? output = null)
    {
        output ??= Media.PathOf("out-" + Guid.NewGuid().ToString("N")[..6]);
        bool existed = Directory.Exists(output);
        var e = Assert.Throws<EdgeAvatarException>(() =>
            PreparePipeline.Run(Media.Options(video, output), ProgressReporter.None, CancellationToken.None));
        Assert.Equal(exitCode, e.ExitCode);
        Assert.Equal(existed, Directory.Exists(output));
        Assert.Empty(Directory.GetDirectories(Media.Directory, ".*partial*"));
        return e;
    }

    private void RequireMedia() => Skip.If(!Media.Available, "needs ffmpeg, libdlib-data, opencv-data and samples/");

    [SkippableFact]
    public void Missing_file_is_no_input()
    {
        RequireMedia();
        Fails(Media.PathOf("nope.mp4"), ExitCodes.NoInput);
    }

    [SkippableFact]
    public void Text_file_is_a_data_error()
    {
        RequireMedia();
        string path = Media.PathOf("notes.mp4");
        File.WriteAllText(path, "this is not a video\n");
        Assert.Contains("not a readable media file", Fails(path, ExitCodes.DataError).Message);
    }

    [SkippableFact]
    public void Silent_video_is_a_data_error_naming_the_missing_audio()
    {
        RequireMedia();
        string path = Media.Make("silent.mp4", "-t 6 -i {src} -an -c:v copy");
        Assert.Contains("no audio stream", Fails(path, ExitCodes.DataError).Message);
    }

    [SkippableFact]
    public void Audio_only_file_is_a_data_error_naming_the_missing_video()
    {
        RequireMedia();
        string path = Media.Make("audio.m4a", "-t 6 -i {src} -vn -c:a copy");
        Assert.Contains("no video stream", Fails(path, ExitCodes.DataError).Message);
    }

    [SkippableFact]
    public void Clip_shorter_than_the_minimum_is_a_data_error()
    {
        RequireMedia();
        string path = Media.Make("short.mp4", "-t 3 -i {src} -c copy");
        Assert.Contains("at least 5 s", Fails(path, ExitCodes.DataError).Message);
    }

    [SkippableFact]
    public void Video_without_a_face_is_a_data_error()
    {
        RequireMedia();
        string path = Media.Make("testsrc.mp4", "-f lavfi -i testsrc=size=512x512:rate=25:duration=6 -f lavfi -i sine=duration=6 -c:v libx264 -preset ultrafast -c:a aac -shortest");
        Assert.Contains("no face", Fails(path, ExitCodes.DataError).Message);
    }

    [SkippableFact]
    public void Two_people_side_by_side_is_a_data_error()
    {
        RequireMedia();
        string path = Media.Make("two.mp4", "-t 6 -i {src} -filter_complex [0:v][0:v]hstack[v] -map [v] -map 0:a -c:v libx264 -preset ultrafast -c:a aac");
        Assert.Contains("more than one face", Fails(path, ExitCodes.DataError).Message);
    }

    [SkippableFact]
    public void Existing_output_is_refused_without_force_and_left_untouched()
    {
        RequireMedia();
        string output = Media.PathOf("existing");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
        Assert.Contains("--force", Fails(fixture.Clip!, ExitCodes.IoError, output).Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "keep.txt")));
    }

    [SkippableFact]
    public void Cancellation_publishes_nothing()
    {
        RequireMedia();
        string output = Media.PathOf("cancelled");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            PreparePipeline.Run(Media.Options(fixture.Clip!, output), ProgressReporter.None, cts.Token));
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetDirectories(Media.Directory, ".*partial*"));
    }
}
