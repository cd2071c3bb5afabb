using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Audio.Tests.Phones;

public sealed class PhoneClassesTests
{
    /// <summary>Labels joined by spaces, "-" for an unlabelled frame.</summary>
    private static string Joined(string?[] labels) => string.Join(' ', labels.Select(l => l ?? "-"));

    [Fact]
    public void Each_video_frame_takes_the_phone_at_its_centre()
    {
        // 25 fps: frame centres at 0.02, 0.06, 0.10, ... s. Boundaries sit between centres.
        TimedPhone[] phones = [new("SIL", 0, 0.09), new("M", 0.09, 0.17), new("AA", 0.17, 0.41)];
        Assert.Equal("SIL SIL M M AA AA AA AA AA AA - -", Joined(PhoneClasses.PerFrame(phones, 12, 25)));
    }

    [Fact]
    public void An_offset_moves_frame_zero_into_the_phones_time()
    {
        // Frame 0 starts 0.16 s into the audio: its centre is at 0.18 s.
        TimedPhone[] phones = [new("M", 0.09, 0.17), new("AA", 0.17, 0.25)];
        Assert.Equal("AA AA -", Joined(PhoneClasses.PerFrame(phones, 3, 25, 0.16)));
    }

    [Fact]
    public void Gaps_between_phones_leave_frames_unlabelled()
    {
        TimedPhone[] phones = [new("B", 0.0, 0.03), new("AE", 0.05, 0.09)];
        Assert.Equal("B AE -", Joined(PhoneClasses.PerFrame(phones, 3, 25)));
    }

    [Fact]
    public void The_classes_hold_the_open_vowels_and_the_bilabials()
    {
        Assert.Equal(["AA", "AE", "AH", "AO", "AW", "AY"], PhoneClasses.OpenVowels.Order(StringComparer.Ordinal));
        Assert.Equal(["B", "M", "P"], PhoneClasses.Bilabials.Order(StringComparer.Ordinal));
    }
}
