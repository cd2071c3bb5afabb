using System.Text.Json;
using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Kernels.Tests;

public class GridEncodingConfigTests
{
    [Fact]
    public void Defaults_are_valid_and_match_the_RAD_NeRF_head_grid()
    {
        var config = new GridEncodingConfig();
        Assert.Empty(config.Validate());
        Assert.Equal(GridEncodingConfig.RadNerfHead, config);
        Assert.Equal(32, config.OutputWidth);
    }

    [Fact]
    public void Per_level_scale_spans_base_to_finest_resolution()
    {
        var config = GridEncodingConfig.RadNerfHead;
        double finest = config.BaseResolution * Math.Pow(config.PerLevelScale, config.Levels - 1);
        Assert.Equal(2048.0, finest, 9);
        Assert.Equal(Math.Pow(2.0, 7.0 / 15.0), config.PerLevelScale, 12);
    }

    [Fact]
    public void Json_round_trip_keeps_every_field_and_writes_enums_as_names()
    {
        var config = new GridEncodingConfig
        {
            Storage = GridStorage.Hashed, Dimensions = 2, Levels = 12, FeaturesPerLevel = 4,
            Log2TableSize = 14, BaseResolution = 64, FinestResolution = 512,
        };
        string json = JsonSerializer.Serialize(config);
        Assert.Contains("\"Type\":\"Grid\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Storage\":\"Hashed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Interpolation\":\"Linear\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("OutputWidth", json, StringComparison.Ordinal);
        Assert.Equal(config, JsonSerializer.Deserialize<GridEncodingConfig>(json));
    }

    [Fact]
    public void Missing_json_fields_take_defaults()
    {
        var config = JsonSerializer.Deserialize<GridEncodingConfig>("""{"Type":"Grid","Dimensions":2}""")!;
        Assert.Equal(2, config.Dimensions);
        Assert.Equal(16, config.Levels);
        Assert.Equal(GridStorage.Tiled, config.Storage);
    }

    [Fact]
    public void Validation_lists_every_bad_field_by_name()
    {
        var config = new GridEncodingConfig
        {
            Type = "HashGrid", Dimensions = 4, Levels = 0, FeaturesPerLevel = 3, Log2TableSize = 30,
            BaseResolution = 1, FinestResolution = 1 << 20,
        };
        var problems = config.Validate();
        foreach (string field in new[] { "Type", "Dimensions", "Levels", "FeaturesPerLevel", "Log2TableSize",
                     "BaseResolution", "FinestResolution" })
            Assert.Contains(problems, p => p.StartsWith(field, StringComparison.Ordinal));
        var e = Assert.Throws<KernelConfigException>(() => config.EnsureValid());
        Assert.Equal(problems.Count, e.Problems.Count);
        Assert.Contains("Dimensions is 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finest_below_base_is_rejected()
    {
        var problems = new GridEncodingConfig { BaseResolution = 64, FinestResolution = 32 }.Validate();
        Assert.Single(problems);
        Assert.StartsWith("FinestResolution", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void One_level_needs_finest_equal_to_base()
    {
        Assert.NotEmpty(new GridEncodingConfig { Levels = 1, BaseResolution = 16, FinestResolution = 32 }.Validate());
        Assert.Empty(new GridEncodingConfig { Levels = 1, BaseResolution = 16, FinestResolution = 16 }.Validate());
    }

    [Fact]
    public void Unknown_storage_name_in_json_is_a_json_error()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GridEncodingConfig>("""{"Storage":"Dense"}"""));
    }
}
