using System.Text.Json;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Render.Tests.Head;

/// <summary>
/// The head variant as data: an old config reads as radnerf, an r2talker config round-trips with its condition, bad
/// values are named by the validator, the blocks are exactly the variant's, and an r2talker field runs its sigma MLP as
/// the FiLM reference does.
/// </summary>
public sealed class HeadModelConfigVariantTests
{
    [Fact]
    public void A_config_without_a_variant_reads_as_radnerf_and_writes_no_condition()
    {
        string json = JsonSerializer.Serialize(HeadModelConfig.Quick, AvatarJson.Options);
        Assert.DoesNotContain("\"condition\"", json);
        // An older file: the same JSON without the variant field.
        string old = json.Replace("\"variant\": \"radnerf\",", "");
        Assert.DoesNotContain("variant", old);
        var read = JsonSerializer.Deserialize<HeadModelConfig>(old, AvatarJson.Options)!;
        Assert.Equal(HeadModelConfig.RadNerfVariant, read.Variant);
        Assert.Empty(read.Validate());
    }

    [Fact]
    public void An_r2talker_config_round_trips_with_its_condition()
    {
        string json = JsonSerializer.Serialize(HeadModelConfig.QuickR2Talker, AvatarJson.Options);
        var read = JsonSerializer.Deserialize<HeadModelConfig>(json, AvatarJson.Options)!;
        Assert.True(read.IsR2Talker);
        Assert.Empty(read.Validate());
        Assert.Equal(HeadModelConfig.QuickR2Talker.Condition!.Frame.Indices, read.Condition!.Frame.Indices);
        // [spatial, eye]: no ambient features, no audio.
        Assert.Equal(read.SpatialGrid.OutputWidth + 1, read.SigmaMlp.InputWidth);
        Assert.Equal(2 * read.SigmaHiddenLayers * read.SigmaHidden, read.FrameCodeWidth);
    }

    public static TheoryData<string, string> BadConfigs => new()
    {
        { "unknown variant", "Variant is 'nerf'" },
        { "r2talker without condition", "Condition is missing" },
        { "r2talker with the audio gate", "AudioGate is true" },
        { "radnerf with a condition", "Condition is set" },
        { "window of five", "WindowFrames is 5" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_bad_variant_or_condition_is_named_by_the_validator(string what, string expected)
    {
        HeadModelConfig r2 = HeadModelConfig.QuickR2Talker;
        HeadModelConfig config = what switch
        {
            "unknown variant" => HeadModelConfig.Quick with { Variant = "nerf" },
            "r2talker without condition" => r2 with { Condition = null },
            "r2talker with the audio gate" => r2 with { AudioGate = true },
            "radnerf with a condition" => HeadModelConfig.Quick with { Condition = new HeadConditionConfig() },
            _ => r2 with { Condition = new HeadConditionConfig { WindowFrames = 5 } },
        };
        Assert.Contains(config.Validate(), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_variant_lays_out_exactly_its_own_head_blocks()
    {
        string[] Names(HeadModelConfig c)
        {
            var layout = new ParameterLayout();
            _ = new HeadParameters(c, layout, latentRows: 1);
            return [.. layout.Blocks.Select(b => b.Name)];
        }
        Assert.Equal([HeadParameters.SpatialGridName, HeadParameters.AmbientGridName, HeadParameters.AmbientMlpName,
            HeadParameters.SigmaMlpName, HeadParameters.ColorMlpName, HeadParameters.LatentsName], Names(HeadModelConfig.Quick));
        Assert.Equal([HeadParameters.SpatialGridName, HeadParameters.LandmarkGridName, HeadParameters.ConditionNetworkName,
            HeadParameters.SigmaMlpName, HeadParameters.ColorMlpName, HeadParameters.LatentsName], Names(HeadModelConfig.QuickR2Talker));
    }

    [Fact]
    public void An_r2talker_field_computes_its_sigma_mlp_as_the_film_reference()
    {
        HeadModelConfig c = HeadModelConfig.QuickR2Talker;
        var layout = new ParameterLayout();
        var blocks = new HeadParameters(c, layout, latentRows: 1);
        var rng = new Random(3);
        var p = new float[layout.TotalCount];
        for (int i = 0; i < p.Length; i++) p[i] = (float)(rng.NextDouble() - 0.5) * 0.2f;
        const int m = 600; // over two chunks
        var box = c.Bounds;
        var positions = new float[3 * m];
        for (int i = 0; i < m; i++)
        {
            positions[3 * i] = box.Min.X + (float)rng.NextDouble() * box.Size.X;
            positions[3 * i + 1] = box.Min.Y + (float)rng.NextDouble() * box.Size.Y;
            positions[3 * i + 2] = box.Min.Z + (float)rng.NextDouble() * box.Size.Z;
        }
        var film = new float[c.FrameCodeWidth];
        for (int i = 0; i < film.Length; i++) film[i] = (float)(rng.NextDouble() - 0.5);
        var batch = new HeadFieldBatch(c, keepTape: true);
        new HeadField(c).Forward(p, blocks, positions, [0f, 0f, -1f], new int[m], film, 0.25f, new float[c.LatentWidth], batch);

        int sIn = c.SigmaMlp.InputWidth, sOut = c.SigmaMlp.OutputWidth;
        var expected = new float[m * sOut];
        FilmMlpReference.Forward(c.SigmaMlp, p.AsSpan(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count), film,
            batch.SigmaIn.AsSpan(0, m * sIn), expected, []);
        Assert.Equal(expected, batch.SigmaOut.AsSpan(0, m * sOut).ToArray());
        for (int i = 0; i < m; i++)
        {
            Assert.Equal(batch.Spatial.AsSpan(i * c.SpatialGrid.OutputWidth, c.SpatialGrid.OutputWidth).ToArray(),
                batch.SigmaIn.AsSpan(i * sIn, sIn - 1).ToArray());
            Assert.Equal(0.25f, batch.SigmaIn[i * sIn + sIn - 1]);
        }
        // The FiLM vector moves the field: a zero vector gives other densities.
        var plain = new HeadFieldBatch(c);
        new HeadField(c).Forward(p, blocks, positions, [0f, 0f, -1f], new int[m], new float[film.Length], 0.25f, new float[c.LatentWidth], plain);
        Assert.NotEqual(batch.Sigma.AsSpan(0, m).ToArray(), plain.Sigma.AsSpan(0, m).ToArray());
    }
}
