using EdgeAvatar.Common;
using EdgeAvatar.Kernels;
using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Training;

/// <summary>
/// Every preset a user can name builds a valid model (the full preset once asked for a 129-wide sigma MLP input, over
/// the fused kernel's limit, and failed at start-up with exit 78 — nothing had ever run it).
/// </summary>
public sealed class TrainPresetTests
{
    [Theory]
    [InlineData("quick")]
    [InlineData("full")]
    public void Named_preset_has_a_valid_model_config(string name)
    {
        var preset = TrainPreset.ByName(name);
        Assert.Empty(preset.Model.Validate());
        Assert.Equal(preset.Model.Head.AudioWidth, preset.Model.Audio.OutputWidth);
    }

    [Fact]
    public void Default_model_config_is_valid() => Assert.Empty(new AvatarModelConfig().Validate());

    [Theory]
    [InlineData("quick")]
    [InlineData("full")]
    public void Named_preset_passes_validation(string name) => Assert.Empty(TrainPreset.ByName(name).Validate());

    /// <summary>One out-of-range value per field, each a value a hand edit of run.json could leave.</summary>
    private static TrainPreset Broken(string field) => field switch
    {
        nameof(TrainPreset.TorsoLearningRateScale) => TrainPreset.Quick with { TorsoLearningRateScale = 0 },
        nameof(TrainPreset.GridLearningRate) => TrainPreset.Quick with { GridLearningRate = -1e-2f },
        nameof(TrainPreset.NetworkLearningRate) => TrainPreset.Quick with { NetworkLearningRate = float.NaN },
        nameof(TrainPreset.FinalLearningRateFraction) => TrainPreset.Quick with { FinalLearningRateFraction = 0 },
        nameof(TrainPreset.HeadSteps) => TrainPreset.Quick with { HeadSteps = -1 },
        nameof(TrainPreset.OccupancyInterval) => TrainPreset.Quick with { OccupancyInterval = 0 },
        nameof(TrainPreset.LipsStageFraction) => TrainPreset.Quick with { LipsStageFraction = 1.5f },
        nameof(TrainPreset.LipsPatchSide) => TrainPreset.Quick with { LipsPatchSide = 64 }, // 64² > quick's 2048 rays
        nameof(TrainPreset.EntropyWeight) => TrainPreset.Quick with { EntropyWeight = float.PositiveInfinity },
        nameof(TrainPreset.TorsoBehindHeadWeight) => TrainPreset.Quick with { TorsoBehindHeadWeight = 1.5f },
        nameof(TrainPreset.Seed) => TrainPreset.Quick with { Seed = -1 },
        nameof(TrainPreset.MouthGapRayFraction) => TrainPreset.Quick with { MouthGapRayFraction = 0.5f }, // + the lips stage's 0.6 > 1
        nameof(TrainPreset.LandmarkNoisePixels) => TrainVariants.Apply(TrainPreset.Quick, "r2talker") with { LandmarkNoisePixels = -0.5f },
        nameof(TrainPreset.MouthGenerator) => TrainPreset.Quick with { MouthGenerator = "visemes" },
        nameof(TrainPreset.AudioAugment) => TrainPreset.Quick with { AudioAugment = new AudioAugmentConfig { Type = "vtlp" } },
        nameof(TrainPreset.Model) => TrainPreset.Quick with
        {
            Model = TrainPreset.Quick.Model with { Torso = TrainPreset.Quick.Model.Torso with { LatentWidth = -1 } },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Theory]
    [InlineData(nameof(TrainPreset.TorsoLearningRateScale))]
    [InlineData(nameof(TrainPreset.GridLearningRate))]
    [InlineData(nameof(TrainPreset.NetworkLearningRate))]
    [InlineData(nameof(TrainPreset.FinalLearningRateFraction))]
    [InlineData(nameof(TrainPreset.HeadSteps))]
    [InlineData(nameof(TrainPreset.OccupancyInterval))]
    [InlineData(nameof(TrainPreset.LipsStageFraction))]
    [InlineData(nameof(TrainPreset.LipsPatchSide))]
    [InlineData(nameof(TrainPreset.EntropyWeight))]
    [InlineData(nameof(TrainPreset.TorsoBehindHeadWeight))]
    [InlineData(nameof(TrainPreset.Seed))]
    [InlineData(nameof(TrainPreset.MouthGapRayFraction))]
    [InlineData(nameof(TrainPreset.LandmarkNoisePixels))]
    [InlineData(nameof(TrainPreset.MouthGenerator))]
    [InlineData(nameof(TrainPreset.AudioAugment))]
    [InlineData(nameof(TrainPreset.Model))]
    public void Out_of_range_field_is_reported_by_name(string field)
    {
        var problem = Assert.Single(Broken(field).Validate());
        Assert.StartsWith(field, problem);
    }

    [Fact]
    public void A_phone_mouth_generator_is_refused_for_a_head_that_never_trains_on_the_mouth_measures()
    {
        var problem = Assert.Single((TrainPreset.Quick with { MouthGenerator = MouthGenerators.Phones, MouthCodeForcing = 0 }).Validate());
        Assert.Contains(nameof(TrainPreset.MouthCodeForcing), problem);
        Assert.Empty((TrainPreset.Quick with { MouthGenerator = MouthGenerators.Phones, MouthCodeForcing = 1 }).Validate());
    }

    [Fact]
    public void A_phone_mouth_generator_is_refused_for_an_audio_code_without_the_four_mouth_entries()
    {
        var model = TrainPreset.Quick.Model with { Audio = TrainPreset.Quick.Model.Audio with { MouthTargets = 0 } };
        var problems = (TrainPreset.Quick with { Model = model, MouthGenerator = MouthGenerators.Phones, MouthCodeForcing = 1 }).Validate();
        Assert.Contains(problems, p => p.StartsWith(nameof(TrainPreset.MouthGenerator)) && p.Contains(nameof(AudioNetConfig.MouthTargets)));
    }

    [Theory]
    [InlineData(-0.1f, 0.15f, 6f, 5f, 30f, "probability")]
    [InlineData(0.8f, 0.5f, 6f, 5f, 30f, "warp")]
    [InlineData(0.8f, 0.15f, -1f, 5f, 30f, "gainDb")]
    [InlineData(0.8f, 0.15f, 6f, 30f, 5f, "noiseSnrDbMin")]
    public void An_out_of_range_audio_augmentation_is_reported_by_its_field(float probability, float warp, float gain, float snrMin, float snrMax, string field)
    {
        var augment = new AudioAugmentConfig
        {
            Type = AudioAugmentConfig.Spectral, Probability = probability, Warp = warp, GainDb = gain,
            NoiseSnrDbMin = snrMin, NoiseSnrDbMax = snrMax,
        };
        var problem = Assert.Single((TrainPreset.Quick with { AudioAugment = augment }).Validate());
        Assert.StartsWith($"{nameof(TrainPreset.AudioAugment)}: {field}", problem);
    }

    [Fact]
    public void Audio_augmentation_is_refused_for_an_r2talker_head_which_hears_no_audio()
    {
        var r2 = TrainVariants.Apply(TrainPreset.Quick, "r2talker");
        Assert.Empty(r2.Validate());
        var problem = Assert.Single((r2 with { AudioAugment = new AudioAugmentConfig { Type = AudioAugmentConfig.Spectral } }).Validate());
        Assert.StartsWith(nameof(TrainPreset.AudioAugment), problem);
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("full")]
    public void No_variant_draws_rays_from_the_gap_between_the_lips_by_default(string name)
    {
        var preset = TrainPreset.ByName(name);
        foreach (string variant in TrainVariants.Names)
        {
            Assert.Equal(0f, TrainVariants.Apply(preset, variant).MouthGapRayFraction);
            Assert.Empty(TrainVariants.Apply(preset, variant).Validate());
        }
    }

    [Fact]
    public void Landmark_noise_is_refused_for_a_head_that_is_not_conditioned_on_landmarks()
    {
        Assert.Empty((TrainVariants.Apply(TrainPreset.Quick, "r2talker") with { LandmarkNoisePixels = 0.5f }).Validate());
        var problem = Assert.Single((TrainPreset.Quick with { LandmarkNoisePixels = 0.5f }).Validate());
        Assert.StartsWith(nameof(TrainPreset.LandmarkNoisePixels), problem);
    }

    [Fact]
    public void A_run_json_written_before_audio_augmentation_existed_reads_as_none_and_a_spectral_one_round_trips()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"edgeavatar-presettest-{Guid.NewGuid():N}");
        try
        {
            var run = new RunDirectory(dir);
            var spectral = TrainPreset.Quick with { AudioAugment = new AudioAugmentConfig { Type = AudioAugmentConfig.Spectral, Warp = 0.1f } };
            run.WriteRun(new RunInfo(spectral, "/nowhere", DateTimeOffset.UnixEpoch, "test", 4, [0, 1, 2]));
            Assert.Equal(spectral.AudioAugment, run.ReadRun().Preset.AudioAugment);

            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(run.RunFile))!;
            var preset = json.AsObject().First(p => p.Key.Equals("preset", StringComparison.OrdinalIgnoreCase)).Value!.AsObject();
            string key = preset.First(p => p.Key.Equals(nameof(TrainPreset.AudioAugment), StringComparison.OrdinalIgnoreCase)).Key;
            Assert.True(preset.Remove(key));
            File.WriteAllText(run.RunFile, json.ToJsonString());
            Assert.Equal(AudioAugmentConfig.None, run.ReadRun().Preset.AudioAugment.Type);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Hand_edited_run_json_with_an_invalid_preset_is_refused_on_read_with_every_problem()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"edgeavatar-presettest-{Guid.NewGuid():N}");
        try
        {
            var run = new RunDirectory(dir);
            var preset = TrainPreset.Quick with { TorsoLearningRateScale = -3, OccupancyPhases = 0 };
            run.WriteRun(new RunInfo(preset, "/nowhere", DateTimeOffset.UnixEpoch, "test", 4, [0, 1, 2]));
            var e = Assert.Throws<EdgeAvatarException>(run.ReadRun);
            Assert.Equal(ExitCodes.DataError, e.ExitCode);
            Assert.Contains(nameof(TrainPreset.TorsoLearningRateScale), e.Message);
            Assert.Contains(nameof(TrainPreset.OccupancyPhases), e.Message);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void New_run_with_an_invalid_preset_is_refused_before_anything_is_written()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"edgeavatar-presettest-{Guid.NewGuid():N}");
        var e = Assert.Throws<KernelConfigException>(() => TrainSession.Open("/nonexistent-dataset", dir,
            TrainPreset.Quick with { RaysPerStep = 0 }, resume: false, null, CancellationToken.None));
        Assert.Equal(ExitCodes.Config, e.ExitCode);
        Assert.Contains(nameof(TrainPreset.RaysPerStep), e.Message);
        Assert.False(Directory.Exists(dir));
    }
}
