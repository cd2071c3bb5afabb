using System.Reflection;
using System.Text.RegularExpressions;

namespace EdgeAvatar.Layering.Tests;

/// <summary>
/// The device runtime (firmware-host/, shaders/) holds what runs on the device; backward kernels, the optimiser,
/// losses and training shaders live under trainer/. These tests read the checkout's project files and the device
/// assemblies built beside them.
/// </summary>
public partial class LayeringTests
{
    // Names that mark training code: a backward pass, a gradient, an optimiser (Adam) or a loss.
    [GeneratedRegex(@"Backward|Gradient|Adam|Optimi[sz]er|Loss(es)?($|\b|_|<)", RegexOptions.CultureInvariant)]
    private static partial Regex TrainingName();

    // Embedded SPIR-V that only training dispatches, or that only tests use.
    [GeneratedRegex(@"(^|/)(train|optim|testing)/|_backward\b", RegexOptions.CultureInvariant)]
    private static partial Regex TrainingShader();

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                            | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void The_device_projects_are_found()
    {
        Assert.Contains(DeviceProjects.ProjectFiles, p => p.EndsWith("EdgeAvatar.Render.csproj", StringComparison.Ordinal));
        Assert.Contains(DeviceProjects.ProjectFiles, p => p.EndsWith("EdgeAvatar.Shaders.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void No_device_project_references_a_trainer_project()
    {
        var offences = DeviceProjects.ProjectFiles
            .SelectMany(p => DeviceProjects.References(p)
                .Where(r => DeviceProjects.IsUnder(r, DeviceProjects.TrainerFolder))
                .Select(r => $"{DeviceProjects.Relative(p)} -> {DeviceProjects.Relative(r)}"))
            .ToArray();
        Assert.True(offences.Length == 0, "device projects reference trainer projects:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void Device_projects_reference_only_device_projects()
    {
        var offences = DeviceProjects.ProjectFiles
            .SelectMany(p => DeviceProjects.References(p)
                .Where(r => !DeviceProjects.DeviceFolders.Any(f => DeviceProjects.IsUnder(r, f)))
                .Select(r => $"{DeviceProjects.Relative(p)} -> {DeviceProjects.Relative(r)}"))
            .ToArray();
        Assert.True(offences.Length == 0, "device projects reference projects outside firmware-host/ and shaders/:\n"
                                          + string.Join("\n", offences));
    }

    [Fact]
    public void Device_assemblies_define_no_backward_optimiser_or_loss_code()
    {
        var offences = new List<string>();
        foreach (string project in DeviceProjects.ProjectFiles)
        {
            Assembly assembly = DeviceProjects.Load(project);
            foreach (Type type in assembly.GetTypes())
            {
                if (TrainingName().IsMatch(type.FullName ?? type.Name))
                    offences.Add($"{assembly.GetName().Name}: type {type.FullName}");
                foreach (MemberInfo member in type.GetMembers(Everything))
                    if (TrainingName().IsMatch(member.Name))
                        offences.Add($"{assembly.GetName().Name}: {type.FullName}.{member.Name}");
            }
        }
        Assert.True(offences.Count == 0, "training code in the device's assemblies:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void Device_assemblies_embed_no_backward_optimiser_training_or_test_shader()
    {
        var offences = new List<string>();
        foreach (string project in DeviceProjects.ProjectFiles)
        {
            Assembly assembly = DeviceProjects.Load(project);
            offences.AddRange(assembly.GetManifestResourceNames()
                .Where(n => TrainingShader().IsMatch(n))
                .Select(n => $"{assembly.GetName().Name}: {n}"));
        }
        Assert.True(offences.Count == 0, "training shaders in the device's assemblies:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_device_shader_assembly_embeds_the_forward_kernels()
    {
        // Guards the two tests above against passing on an assembly that embeds nothing at all.
        string project = DeviceProjects.ProjectFiles.Single(p => p.EndsWith("EdgeAvatar.Shaders.csproj", StringComparison.Ordinal));
        string[] names = DeviceProjects.Load(project).GetManifestResourceNames();
        Assert.Contains("encoding/grid_encode.spv", names);
        Assert.Contains("network/mlp_forward.spv", names);
        Assert.Contains("render/ray_march.spv", names);
    }

    [Theory]
    [InlineData("FusedMlpBackwardKernel", true)]
    [InlineData("TruncExpGradientClamp", true)]
    [InlineData("AdamKernel", true)]
    [InlineData("CpuAdam", true)]
    [InlineData("Optimizers", true)]
    [InlineData("RenderLosses", true)]
    [InlineData("<Backward>b__0", true)]
    [InlineData("Lossless", false)]
    [InlineData("VolumeCompositor", false)]
    [InlineData("Forward", false)]
    public void The_training_name_rule_flags_training_names_and_spares_forward_ones(string name, bool flagged)
        => Assert.Equal(flagged, TrainingName().IsMatch(name));

    [Theory]
    [InlineData("train/head_output_backward.spv", true)]
    [InlineData("optim/adam.spv", true)]
    [InlineData("encoding/grid_encode_backward.spv", true)]
    [InlineData("testing/scale_add.spv", true)]
    [InlineData("encoding/grid_encode.spv", false)]
    [InlineData("render/composite_rays.spv", false)]
    public void The_shader_rule_flags_training_and_test_shaders(string name, bool flagged)
        => Assert.Equal(flagged, TrainingShader().IsMatch(name));
}
