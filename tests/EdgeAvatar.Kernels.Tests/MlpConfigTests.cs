using System.Text.Json;
using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Kernels.Tests;

public class MlpConfigTests
{
    [Fact]
    public void RAD_NeRF_sigma_net_has_three_layers_and_fits_the_uniform_buffer_in_fp32()
    {
        var config = MlpConfig.RadNerfSigma;
        Assert.Empty(config.Validate());
        Assert.Equal(3, config.LayerCount);
        Assert.Equal(65 * 64 + 64 * 64 + 64 * 65, config.ParameterCount);
        Assert.Equal((17 * 16 + 16 * 16 + 17 * 16) * 64, config.PackedWeightBytes);
        Assert.Equal(65 * 64, config.LayerWeightOffset(1));
    }

    [Fact]
    public void Json_round_trip_keeps_every_field_and_writes_enums_as_names()
    {
        var config = new MlpConfig
        {
            InputWidth = 84, HiddenWidth = 64, HiddenLayers = 1, OutputWidth = 3,
            OutputActivation = MlpActivation.ReLU, WeightPrecision = MlpWeightPrecision.Fp16,
        };
        string json = JsonSerializer.Serialize(config);
        Assert.Contains("\"Type\":\"FusedMlp\"", json, StringComparison.Ordinal);
        Assert.Contains("\"WeightPrecision\":\"Fp16\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Activation\":\"ReLU\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ParameterCount", json, StringComparison.Ordinal);
        Assert.Equal(config, JsonSerializer.Deserialize<MlpConfig>(json));
    }

    [Fact]
    public void Validation_lists_every_bad_field_by_name()
    {
        var config = new MlpConfig { Type = "Mlp", InputWidth = 0, HiddenWidth = 128, HiddenLayers = -1, OutputWidth = 500 };
        var problems = config.Validate();
        foreach (string field in new[] { "Type", "InputWidth", "HiddenWidth", "HiddenLayers", "OutputWidth" })
            Assert.Contains(problems, p => p.StartsWith(field, StringComparison.Ordinal));
        Assert.Throws<KernelConfigException>(() => config.EnsureValid());
    }

    [Fact]
    public void Weights_over_64_KiB_are_rejected_in_fp32_but_accepted_in_fp16()
    {
        var wide = new MlpConfig { InputWidth = 128, HiddenWidth = 64, HiddenLayers = 4, OutputWidth = 128 };
        var problem = Assert.Single(wide.Validate());
        Assert.Contains("Fp16", problem, StringComparison.Ordinal);
        Assert.Empty((wide with { WeightPrecision = MlpWeightPrecision.Fp16 }).Validate());
    }
}
