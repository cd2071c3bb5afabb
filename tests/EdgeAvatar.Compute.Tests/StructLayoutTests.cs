using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeAvatar.Compute.Tests;

/// <summary>
/// Every struct passed to Vulkan must match the C layout byte for byte. This test generates a C program that prints
/// sizeof and offsetof of every bound struct and field using the system's &lt;vulkan/vulkan.h&gt;, compiles it with
/// `cc`, runs it, and compares with the C# layouts. Needs no GPU; skipped (with the reason) without cc or the header.
/// </summary>
public sealed class StructLayoutTests
{
    private static readonly Type[] s_structs = typeof(Interop.Vulkan)
        .GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public)
        .Where(t => t.IsValueType && !t.IsEnum && t.Name.StartsWith("Vk", StringComparison.Ordinal))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Binding_covers_every_struct_the_core_passes_to_vulkan()
    {
        string[] names = s_structs.Select(t => t.Name).ToArray();
        foreach (string expected in new[]
        {
            "VkInstanceCreateInfo", "VkPhysicalDeviceProperties", "VkPhysicalDeviceLimits", "VkPhysicalDeviceMemoryProperties",
            "VkDeviceCreateInfo", "VkBufferCreateInfo", "VkComputePipelineCreateInfo", "VkWriteDescriptorSet", "VkSubmitInfo",
            "VkDebugUtilsMessengerCallbackDataEXT", "VkValidationFeaturesEXT", "VkPhysicalDeviceShaderAtomicFloatFeaturesEXT",
        })
        {
            Assert.Contains(expected, names);
        }
    }

    [SkippableFact]
    public void Struct_sizes_and_field_offsets_match_the_C_headers()
    {
        const string header = "/usr/include/vulkan/vulkan.h";
        Skip.IfNot(File.Exists(header), $"{header} is missing (Debian package libvulkan-dev); cannot compare layouts.");
        string dir = Directory.CreateTempSubdirectory("edgeavatar-vk-layout-").FullName;
        try
        {
            string source = Path.Combine(dir, "layout.c");
            string program = Path.Combine(dir, "layout");
            File.WriteAllText(source, CProgram());
            (int ccExit, string ccOutput) = Run("cc", $"-std=c11 -o \"{program}\" \"{source}\"");
            Skip.If(ccExit == -1, "No C compiler (`cc`) on PATH (Debian package gcc); cannot compare layouts.");
            Assert.True(ccExit == 0, $"cc failed:\n{ccOutput}");
            (int exit, string output) = Run(program, "");
            Assert.Equal(0, exit);

            Dictionary<string, long> c = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            var mismatches = new List<string>();
            int checkedCount = 0;
            foreach ((string key, long actual) in ManagedLayout())
            {
                checkedCount++;
                if (!c.TryGetValue(key, out long expected))
                    mismatches.Add($"{key}: not printed by the C program");
                else if (expected != actual)
                    mismatches.Add($"{key}: C {expected}, C# {actual}");
            }
            Assert.True(mismatches.Count == 0, "Layout mismatches:\n" + string.Join("\n", mismatches));
            Assert.True(checkedCount > 300, $"only {checkedCount} sizes/offsets checked");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<(string Key, long Value)> ManagedLayout()
    {
        MethodInfo sizeOf = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;
        foreach (Type t in s_structs)
        {
            yield return (t.Name, (int)sizeOf.MakeGenericMethod(t).Invoke(null, null)!);
            yield return (t.Name + "#marshal", Marshal.SizeOf(t));
            foreach (FieldInfo f in Fields(t))
                yield return ($"{t.Name}.{f.Name}", Marshal.OffsetOf(t, f.Name).ToInt64());
        }
    }

    private static IEnumerable<FieldInfo> Fields(Type t)
        => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static string CProgram()
    {
        var b = new StringBuilder();
        b.AppendLine("#include <stdio.h>\n#include <stddef.h>\n#include <vulkan/vulkan.h>\nint main(void) {");
        foreach (Type t in s_structs)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"{t.Name} %zu\\n\", sizeof({t.Name}));");
            b.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"{t.Name}#marshal %zu\\n\", sizeof({t.Name}));");
            foreach (FieldInfo f in Fields(t))
                b.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"{t.Name}.{f.Name} %zu\\n\", offsetof({t.Name}, {f.Name}));");
        }
        b.AppendLine("  return 0;\n}");
        return b.ToString();
    }

    /// <summary>Runs a program; exit code -1 when it could not be started at all.</summary>
    private static (int Exit, string Output) Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
        using (process)
        {
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
    }
}
