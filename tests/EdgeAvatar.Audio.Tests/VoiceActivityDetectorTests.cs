using Xunit.Abstractions;

namespace EdgeAvatar.Audio.Tests;

public class VoiceActivityDetectorTests(ITestOutputHelper output)
{
    private static bool[] Vad(string sample, out LogMelFeatures features)
    {
        features = new LogMelExtractor().Extract(TestAudio.DecodeS16(TestAudio.Sample(sample)));
        return VoiceActivityDetector.Detect(features.EnergyDb);
    }

    private static double FractionTrue(bool[] vad, double from, double to)
    {
        int a = (int)(from * 50), b = (int)(to * 50);
        return vad[a..b].Count(v => v) / (double)(b - a);
    }

    private void Show(bool[] vad) => output.WriteLine(string.Concat(vad.Select((v, i) => (i % 50 == 0 ? "|" : "") + (v ? "#" : "."))));

    [Fact]
    public void Silence_is_never_voice()
        => Assert.All(VoiceActivityDetector.Detect(new LogMelExtractor().Extract(new float[32000]).EnergyDb), Assert.False);

    [Fact]
    public void Tone_burst_after_quiet_noise_is_voice_and_hangover_ends_it()
    {
        float[] pcm = TestAudio.Noise(48000, amplitude: 0.01f);
        float[] tone = TestAudio.Sine(300, 1, 0.3);
        for (int i = 0; i < tone.Length; i++) pcm[16000 + i] += tone[i];
        var vad = VoiceActivityDetector.Detect(new LogMelExtractor().Extract(pcm).EnergyDb);
        Assert.Equal(0, FractionTrue(vad, 0, 0.98));
        Assert.Equal(1, FractionTrue(vad, 1.0, 2.0));
        Assert.Equal(0, FractionTrue(vad, 2.25, 3.0)); // hangover is 200 ms
    }

    // Waveform checked with ffmpeg (100 ms RMS): the female LibriSpeech clip is at −41..−45 dBFS for its first
    // 0.45 s and last 0.5 s; speech in between is −15..−35 dBFS.
    [SkippableFact]
    public void Female_librispeech_is_voice_in_speech_and_silent_in_leading_and_trailing_silence()
    {
        Skip.IfNot(TestAudio.HaveFfmpeg(), "ffmpeg not installed");
        var vad = Vad("drive/en_female_librispeech_1998.flac", out var f);
        Show(vad);
        double end = f.FrameCount / 50.0;
        Assert.Equal(0, FractionTrue(vad, 0, 0.4));
        Assert.Equal(0, FractionTrue(vad, end - 0.3, end));
        Assert.True(FractionTrue(vad, 0.5, 4.0) > 0.85);
        Assert.True(FractionTrue(vad, 4.5, 6.5) > 0.85);
    }

    // JFK clip (44.1 kHz stereo, hiss at about −40 dBFS): speech 0.3–2.0 s, pause 2.1–3.2 s, speech 3.3–4.2 s.
    [SkippableFact]
    public void Jfk_pause_between_phrases_is_silent_over_hiss()
    {
        Skip.IfNot(TestAudio.HaveFfmpeg(), "ffmpeg not installed");
        var vad = Vad("drive/en_male_jfk_11s.flac", out _);
        Show(vad);
        Assert.True(FractionTrue(vad, 0.4, 2.0) > 0.85);
        Assert.True(FractionTrue(vad, 2.35, 3.1) < 0.05);
        Assert.True(FractionTrue(vad, 3.3, 4.2) > 0.6);
    }
}
