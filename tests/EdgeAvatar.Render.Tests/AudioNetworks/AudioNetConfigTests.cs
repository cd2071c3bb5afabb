using EdgeAvatar.Kernels;
using EdgeAvatar.Render.AudioNetworks;

namespace EdgeAvatar.Render.Tests.AudioNetworks;

public class AudioNetConfigTests
{
    [Fact]
    public void RadNerf_parameter_counts_match_the_pytorch_modules()
    {
        // Counted by hand from RAD-NeRF's modules (weights + biases):
        // convs 80·32·3+32, 32·32·3+32, 32·64·3+64, 64·64·3+64; Linear 64→64, 64→64.
        int audio = (7680 + 32) + (3072 + 32) + (6144 + 64) + (12288 + 64) + (4096 + 64) + (4096 + 64);
        // Attention convs 64→16→8→4→2→1 (k 3) and Linear(8, 8).
        int attention = (3072 + 16) + (384 + 8) + (96 + 4) + (24 + 2) + (6 + 1) + (64 + 8);
        Assert.Equal(audio, AudioNetConfig.RadNerf.ParameterCount);
        Assert.Equal(attention, AudioNetConfig.RadNerf.AttentionParameterCount);
        Assert.Equal(64, AudioNetConfig.RadNerf.OutputWidth);
    }

    [Fact]
    public void Default_config_is_valid_and_reaches_one_time_step()
    {
        var c = new AudioNetConfig();
        Assert.Empty(c.Validate());
        Assert.Equal([8, 4, 2, 1], c.ConvLayers.Select(l => l.OutLength));
        Assert.All(c.AttentionConvLayers, l => Assert.Equal(8, l.OutLength));
    }

    [Fact]
    public void Window_that_does_not_shrink_to_one_step_is_rejected_with_a_clear_message()
    {
        var c = new AudioNetConfig { WindowFrames = 32 };
        var ex = Assert.Throws<KernelConfigException>(() => c.EnsureValid());
        Assert.Contains("WindowFrames 32", ex.Message);
        Assert.Contains("audio net config", ex.Message);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var c = new AudioNetConfig
        {
            Type = "Other", MelBands = 0, ConvChannels = [], LeakySlope = 1.5f, AttentionChannels = [4, 2],
        };
        IReadOnlyList<string> problems = c.Validate();
        Assert.Contains(problems, p => p.Contains("Type"));
        Assert.Contains(problems, p => p.Contains("MelBands"));
        Assert.Contains(problems, p => p.Contains("ConvChannels"));
        Assert.Contains(problems, p => p.Contains("LeakySlope"));
        Assert.Contains(problems, p => p.Contains("AttentionChannels ends with 2"));
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void Forward_rejects_buffers_of_the_wrong_size()
    {
        var c = new AudioNetConfig { OutputWidth = 8 };
        var p = new float[c.ParameterCount];
        Assert.Throws<ArgumentException>(() => AudioNet.Forward(c, p, new float[c.WindowFloats + 1], new float[8]));
        Assert.Throws<ArgumentException>(() => AudioNet.Forward(c, p, new float[c.WindowFloats], new float[7]));
        Assert.Throws<ArgumentException>(() => AudioNet.Forward(c, new float[3], new float[c.WindowFloats], new float[8]));
        Assert.Throws<ArgumentException>(() => AudioAttention.Forward(c, new float[c.AttentionParameterCount],
            new float[8 * 8], new float[8], new float[7]));
    }
}
