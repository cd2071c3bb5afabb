using System.Text;
using EdgeAvatar.Common;

namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// The arm64 .deb: self-contained like amd64, an aarch64 executable, and one that really runs. There is no arm64
/// hardware here, so the program runs under Debian's qemu-user: qemu-aarch64 with Debian's arm64 libc, libstdc++ and
/// libssl installed beside the host's (multiarch; scripts/setup --test adds the arm64 architecture and installs them).
/// The renders are tiny: the point is that the runtime, the model reader and the CPU renderer work on aarch64, not
/// their speed (a 32x32 frame takes seconds under emulation).
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class Arm64DebPackageTests : IClassFixture<Arm64DebPackage>
{
    private const string Qemu = "/usr/bin/qemu-aarch64";
    private const string ArmLoader = "/lib/ld-linux-aarch64.so.1";
    private const string ArmLibssl = "/usr/lib/aarch64-linux-gnu/libssl.so.3";
    private const ushort ElfMachineAarch64 = 183; // EM_AARCH64 in <elf.h>

    private readonly Arm64DebPackage _deb;

    public Arm64DebPackageTests(Arm64DebPackage deb) => _deb = deb;

    [Fact]
    public void Control_is_arm64_self_contained_and_takes_either_libgpiod()
    {
        string[] depends = _deb.Depends();

        Assert.Contains("Architecture: arm64", _deb.DpkgDeb("--field").Split('\n'));
        Assert.DoesNotContain(depends, d => d.Contains("dotnet", StringComparison.Ordinal));
        Assert.Contains("libgpiod2 | libgpiod3", depends);
        Assert.Contains("libespeak-ng1", depends);
        Assert.Contains("espeak-ng-data", depends);
        Assert.EndsWith("_arm64.deb", _deb.DebPath);
        Assert.True(File.Exists(Path.Combine(_deb.DataDir, "lib", "systemd", "system", "edgeavatar.service.d", "jetson.conf")));
    }

    [Fact]
    public void The_program_is_one_aarch64_elf_executable_with_no_dll_beside_it()
    {
        byte[] header = new byte[20];
        using (FileStream f = File.OpenRead(_deb.Program))
            f.ReadExactly(header);

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        Assert.Equal(2, header[4]);                                          // ELFCLASS64
        Assert.Equal(ElfMachineAarch64, BitConverter.ToUInt16(header, 18)); // e_machine (little-endian)
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_deb.Program)!, "*.dll"));
    }

    [Fact]
    public void The_binary_embeds_the_forward_shaders()
        => Assert.Contains("render/ray_march.spv", ShaderResources.In(_deb.Program)); // the scan sees embedded names

    [SkippableFact]
    public void The_binary_embeds_no_backward_optimiser_training_or_test_shader()
    {
        ShaderResources.SkipWhileTrainingShadersLiveInTheDeviceShaderProject();

        Assert.Empty(ShaderResources.In(_deb.Program).Where(ShaderResources.IsTrainingOnly).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Under_qemu_the_arm64_program_inspects_the_bundled_model_and_renders_cpu_frames_to_y4m()
    {
        Assert.True(File.Exists(Qemu) && File.Exists(ArmLoader) && File.Exists(ArmLibssl),
            "qemu-aarch64 or Debian's arm64 libc6/libssl3 is missing: run scripts/setup --test");
        using var dir = new TempDirectory("edgeavatar-arm64-");
        string model = RepoPaths.Combine("samples", "models", "cnn_anchor_quick.eavm");
        string audio = RepoPaths.Combine("samples", "drive", "zh_news_8s.wav");
        string y4m = dir.Combine("frames.y4m");
        const int Frames = 3, Size = 32;

        ProcessRunner.Result inspect = RunArm64(["inspect", model, "--json"]);
        ProcessRunner.Result run = RunArm64(["run", "--model", model, "--audio", audio, "--output", $"y4m:{y4m}",
            "--device", "cpu", "--size", $"{Size}", "--max-frames", $"{Frames}", "--fixed-pose", "--no-blink", "--no-progress"]);

        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.StartsWith("{", inspect.StdOut.TrimStart());
        Assert.Contains("\"tensors\"", inspect.StdOut);
        Assert.True(run.ExitCode == 0, run.ToString());
        (int width, int height, int frames) = ReadY4m(y4m);
        Assert.Equal((Size, Size, Frames), (width, height, frames));
    }

    [Fact]
    public void Under_qemu_a_missing_model_gives_the_documented_exit_code_not_a_crash()
    {
        ProcessRunner.Result inspect = RunArm64(["inspect", "/nonexistent/model.eavm"]);

        Assert.Equal(ExitCodes.NoInput, inspect.ExitCode);
        Assert.DoesNotContain("   at ", inspect.StdErr); // no stack trace
    }

    private ProcessRunner.Result RunArm64(string[] args)
    {
        // No dotnet on PATH and no DOTNET_ROOT: the bundle must carry its own runtime, as on the kiosk.
        var env = new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin", ["DOTNET_ROOT"] = "/nonexistent" };
        return ProcessRunner.Run(Qemu, [_deb.Program, .. args], env);
    }

    /// <summary>Width, height and frame count of a YUV4MPEG2 file (4:4:4, 4:2:2 or 4:2:0), read by the format's own rules.</summary>
    private static (int Width, int Height, int Frames) ReadY4m(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int end = Array.IndexOf(bytes, (byte)'\n');
        string[] header = Encoding.ASCII.GetString(bytes, 0, end).Split(' ');
        Assert.Equal("YUV4MPEG2", header[0]);
        int width = int.Parse(header.Single(t => t.StartsWith('W'))[1..], System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(header.Single(t => t.StartsWith('H'))[1..], System.Globalization.CultureInfo.InvariantCulture);
        string chroma = header.SingleOrDefault(t => t.StartsWith('C')) ?? "C420jpeg"; // the format's default
        int frameBytes = chroma[1..4] switch
        {
            "444" => 3 * width * height,
            "422" => width * height + 2 * ((width + 1) / 2) * height,
            "420" => width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2),
            _ => throw new InvalidDataException($"unexpected Y4M chroma {chroma}"),
        };
        int frames = 0;
        for (int at = end + 1; at < bytes.Length; frames++)
        {
            int lineEnd = Array.IndexOf(bytes, (byte)'\n', at);
            Assert.True(lineEnd > at && Encoding.ASCII.GetString(bytes, at, lineEnd - at).StartsWith("FRAME", StringComparison.Ordinal),
                $"no FRAME marker at byte {at}");
            at = lineEnd + 1 + frameBytes;
            Assert.True(at <= bytes.Length, "the last frame is truncated");
        }
        return (width, height, frames);
    }
}
