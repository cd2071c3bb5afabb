using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Render.Tests.Avatar;
using EdgeAvatar.Render.Tests.Vulkan;

namespace EdgeAvatar.Render.Tests.Mouth;

/// <summary>
/// The phone → mouth seam: known phones become per-frame measures through a model's generator, placed at a driver
/// frame, and the driver hands them to the head in place of the audio network's mouth entries.
/// </summary>
public sealed class PhoneMouthTrackTests
{
    private const double Fps = 25;

    /// <summary>Two classes, no context, no energy: measure 0 = coverage(open) − coverage(closed), measure 1 = 0.5.</summary>
    private static MouthGenerator HandGenerator() => new()
    {
        FrontEnd = new PhoneFeatureConfig { Classes = ["P B M", "AA AE"], Context = 0, Energy = false },
        Measures = 2,
        // rows: class "P B M", class "AA AE", bias; columns: measure 0, measure 1.
        Weights = [-1f, 0f, 1f, 0f, 0f, 0.5f],
    };

    [Fact]
    public void Known_phones_become_per_frame_measures_by_the_share_of_each_frame_they_cover()
    {
        // Frames are 40 ms. B covers frames 0-1 fully, AA covers frame 2 and half of frame 3, then an unknown phone.
        TimedPhone[] phones = [new("B", 0.00, 0.08), new("AA", 0.08, 0.14), new("S", 0.14, 0.20)];
        var track = PhoneMouthTrack.FromPhones(HandGenerator(), phones, ReadOnlySpan<float>.Empty, 16000, Fps, frames: 6);

        Assert.Equal(6, track.Frames);
        float[] expected0 = [-1f, -1f, 1f, 0.5f, 0f, 0f];
        for (int f = 0; f < 6; f++)
        {
            Assert.Equal(expected0[f], track.Frame(f)[0], 5);
            Assert.Equal(0.5f, track.Frame(f)[1], 5);
        }
    }

    [Fact]
    public void A_generator_gain_multiplies_every_measure_bias_included()
    {
        TimedPhone[] phones = [new("B", 0.00, 0.08), new("AA", 0.08, 0.14), new("S", 0.14, 0.20)];
        var track = PhoneMouthTrack.FromPhones(HandGenerator() with { Gain = 2f }, phones, ReadOnlySpan<float>.Empty, 16000, Fps, frames: 6);

        float[] expected0 = [-2f, -2f, 2f, 1f, 0f, 0f];
        for (int f = 0; f < 6; f++)
        {
            Assert.Equal(expected0[f], track.Frame(f)[0], 5);
            Assert.Equal(1f, track.Frame(f)[1], 5);
        }
    }

    [Fact]
    public void The_track_length_defaults_to_the_audio_length_in_frames()
    {
        var pcm = new float[16000 / 25 * 7 + 1]; // just over 7 frames of audio
        var track = PhoneMouthTrack.FromPhones(HandGenerator(), [], pcm, 16000, Fps);
        Assert.Equal(8, track.Frames);
    }

    [Fact]
    public void A_track_answers_only_for_the_driver_frames_it_covers()
    {
        var track = PhoneMouthTrack.FromPhones(HandGenerator(), [new("M", 0, 0.04), new("AE", 0.04, 0.08)], [], 16000, Fps,
            frames: 2, startFrame: 10);
        var m = new float[2];
        Assert.False(track.TryGet(9, m));
        Assert.True(track.TryGet(10, m));
        Assert.Equal(-1f, m[0], 5);
        Assert.True(track.TryGet(11, m));
        Assert.Equal(1f, m[0], 5);
        Assert.False(track.TryGet(12, m));
    }

    [Fact]
    public void A_queue_plays_the_newest_track_covering_a_frame_and_drops_ended_ones()
    {
        var g = HandGenerator();
        var queue = new MouthTrackQueue(2);
        queue.Add(PhoneMouthTrack.FromPhones(g, [new("M", 0, 0.4)], [], 16000, Fps, frames: 10, startFrame: 0));
        queue.Add(PhoneMouthTrack.FromPhones(g, [new("AA", 0, 0.4)], [], 16000, Fps, frames: 10, startFrame: 5));
        var m = new float[2];
        Assert.True(queue.TryGet(3, m));
        Assert.Equal(-1f, m[0], 5);
        Assert.True(queue.TryGet(7, m));
        Assert.Equal(1f, m[0], 5);
        Assert.True(queue.TryGet(14, m));
        Assert.Equal(1, queue.Count);
        Assert.False(queue.TryGet(15, m));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_cut_silences_the_held_tracks_from_its_frame_on_but_not_a_track_added_after_it()
    {
        var g = HandGenerator();
        var queue = new MouthTrackQueue(2);
        queue.Add(PhoneMouthTrack.FromPhones(g, [new("M", 0, 0.4)], [], 16000, Fps, frames: 10, startFrame: 0));
        queue.Add(PhoneMouthTrack.FromPhones(g, [new("AA", 0, 0.4)], [], 16000, Fps, frames: 10, startFrame: 20));
        queue.CutAt(7);
        var m = new float[2];
        Assert.True(queue.TryGet(6, m));
        Assert.Equal(-1f, m[0], 5);
        Assert.False(queue.TryGet(7, m));
        Assert.False(queue.TryGet(9, m));
        Assert.False(queue.TryGet(21, m)); // started after the cut: it was dropped
        queue.Add(PhoneMouthTrack.FromPhones(g, [new("AA", 0, 0.4)], [], 16000, Fps, frames: 10, startFrame: 8));
        Assert.True(queue.TryGet(9, m));
        Assert.Equal(1f, m[0], 5);
    }

    [Fact]
    public void The_driver_gives_the_head_the_mouth_source_measures_in_the_first_entries_of_the_audio_code()
    {
        AvatarModel model = TinyAvatar.Create(seed: 21);
        var plain = new CodeRecordingRenderer(model);
        var mouthed = new CodeRecordingRenderer(model);
        using var a = new AvatarDriver(model, plain);
        using var b = new AvatarDriver(model, mouthed);
        var track = PhoneMouthTrack.FromPhones(HandGenerator(), [new("B", 0.00, 0.04), new("AA", 0.04, 0.08)], [], 16000, Fps,
            frames: 2, startFrame: 1);
        b.MouthSource = track;
        var rgb = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
        var window = new float[model.Config.Audio.WindowFloats];
        for (int k = 0; k < 4; k++)
        {
            for (int i = 0; i < window.Length; i++) window[i] = MathF.Sin(0.3f * i + k);
            a.RenderNext(window, [], rgb);
            b.RenderNext(window, [], rgb);
        }
        // Frame 0 and 3: outside the track, the network's code. Frames 1, 2: the track's measures, then the network's rest.
        Assert.Equal(plain.Codes[0], mouthed.Codes[0]);
        Assert.Equal(plain.Codes[3], mouthed.Codes[3]);
        float[][] expected = [[-1f, 0.5f], [1f, 0.5f]];
        for (int f = 1; f <= 2; f++)
        {
            Assert.Equal(expected[f - 1][0], mouthed.Codes[f][0], 5);
            Assert.Equal(expected[f - 1][1], mouthed.Codes[f][1], 5);
            Assert.Equal(plain.Codes[f][2..], mouthed.Codes[f][2..]);
        }
    }
}
