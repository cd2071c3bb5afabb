using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Tests.Speech;

public sealed class SpeechTextTests
{
    private static readonly HashSet<string> s_languages = ["en", "en-us", "de"];

    private static string Refusal(Action action)
    {
        var e = Assert.Throws<EdgeAvatarException>(action);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        return e.Message;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Empty_text_is_refused(string? text) => Assert.Contains("empty", Refusal(() => SpeechText.Check(text, 100)));

    [Fact]
    public void Text_over_the_limit_is_refused_and_text_at_the_limit_is_kept()
    {
        Assert.Equal(new string('a', 10), SpeechText.Check(new string('a', 10), 10));
        Assert.Contains("limit is 10", Refusal(() => SpeechText.Check(new string('a', 11), 10)));
        // The limit counts characters as people see them: an accented letter in two code points is one.
        Assert.Equal("caf\u0065\u0301", SpeechText.Check("caf\u0065\u0301", 4));
    }

    [Theory]
    [InlineData("hello\u0000world")]
    [InlineData("hello\u001b[2Jworld")]
    [InlineData("two\nlines")]
    [InlineData("bell\u0007")]
    [InlineData("c1\u0085c1")]
    public void Control_characters_are_refused(string text) => Assert.Contains("control character", Refusal(() => SpeechText.Check(text, 100)));

    [Fact]
    public void A_lone_surrogate_is_refused() => Assert.Contains("Unicode", Refusal(() => SpeechText.Check("a\ud800b", 100)));

    [Fact]
    public void Surrounding_whitespace_is_trimmed() => Assert.Equal("Hello there.", SpeechText.Check("  Hello there.\n", 100));

    [Fact]
    public void Known_languages_pass_in_lower_case_and_others_are_refused()
    {
        Assert.Equal("en-us", SpeechText.CheckLanguage("EN-US", s_languages));
        Assert.Contains("unknown language 'xx'", Refusal(() => SpeechText.CheckLanguage("xx", s_languages)));
        Assert.Contains("not a language code", Refusal(() => SpeechText.CheckLanguage("en;rm -rf", s_languages)));
        Assert.Contains("not a language code", Refusal(() => SpeechText.CheckLanguage("", s_languages)));
    }

    [Theory]
    [InlineData("en-us", true)]
    [InlineData("en-us+f3", true)]
    [InlineData("de", true)]
    [InlineData("en+", false)]
    [InlineData("+f3", false)]
    [InlineData("en us", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("en+f3+m1", false)]
    public void Voice_names_are_a_language_and_an_optional_variant(string voice, bool ok) => Assert.Equal(ok, SpeechText.IsVoiceName(voice));
}
