using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using static EdgeAvatar.Host.Interop.Drm;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>
/// The hand-written fbdev and DRM structs must match the C headers byte for byte: a generated C program prints sizeof
/// and offsetof from &lt;linux/fb.h&gt;, &lt;drm/drm_mode.h&gt; and libdrm's &lt;xf86drmMode.h&gt; (Debian libdrm-dev)
/// and the ioctl numbers, and they are compared with Marshal.SizeOf/OffsetOf and our constants.
/// </summary>
public class KernelStructLayoutTests
{
    // (C type, C# type, [(C field, C# field)])
    private static readonly (string C, Type Managed, (string CField, string Field)[] Fields)[] s_structs =
    [
        ("struct fb_bitfield", typeof(FbBitfield), [("offset", "Offset"), ("length", "Length"), ("msb_right", "MsbRight")]),
        ("struct fb_var_screeninfo", typeof(FbVarScreenInfo), [("xres", "XRes"), ("yoffset", "YOffset"), ("bits_per_pixel", "BitsPerPixel"),
            ("red", "Red"), ("transp", "Transp"), ("nonstd", "NonStd"), ("pixclock", "PixClock"), ("sync", "Sync"), ("colorspace", "ColorSpace"), ("reserved", "Reserved")]),
        ("struct fb_fix_screeninfo", typeof(FbFixScreenInfo), [("smem_start", "SmemStart"), ("smem_len", "SmemLen"), ("visual", "Visual"),
            ("xpanstep", "XPanStep"), ("ywrapstep", "YWrapStep"), ("line_length", "LineLength"), ("mmio_start", "MmioStart"), ("accel", "Accel"), ("capabilities", "Capabilities"), ("reserved", "Reserved")]),
        ("drmModeRes", typeof(DrmModeRes), [("fbs", "Fbs"), ("count_crtcs", "CountCrtcs"), ("crtcs", "Crtcs"), ("connectors", "Connectors"), ("encoders", "Encoders"), ("min_width", "MinWidth"), ("max_height", "MaxHeight")]),
        ("drmModeModeInfo", typeof(DrmModeModeInfo), [("hdisplay", "HDisplay"), ("hskew", "HSkew"), ("vdisplay", "VDisplay"), ("vscan", "VScan"), ("vrefresh", "VRefresh"), ("type", "Type"), ("name", "Name")]),
        ("drmModeConnector", typeof(DrmModeConnector), [("connection", "Connection"), ("subpixel", "SubPixel"), ("count_modes", "CountModes"), ("modes", "Modes"),
            ("props", "Props"), ("prop_values", "PropValues"), ("count_encoders", "CountEncoders"), ("encoders", "Encoders")]),
        ("drmModeEncoder", typeof(DrmModeEncoder), [("crtc_id", "CrtcId"), ("possible_clones", "PossibleClones")]),
        ("drmModeCrtc", typeof(DrmModeCrtc), [("mode_valid", "ModeValid"), ("mode", "Mode"), ("gamma_size", "GammaSize")]),
        ("struct drm_mode_create_dumb", typeof(DrmModeCreateDumb), [("handle", "Handle"), ("pitch", "Pitch"), ("size", "Size")]),
        ("struct drm_mode_map_dumb", typeof(DrmModeMapDumb), [("offset", "Offset")]),
        ("struct drm_mode_destroy_dumb", typeof(DrmModeDestroyDumb), [("handle", "Handle")]),
        ("struct drm_event", typeof(DrmEvent), [("length", "Length")]),
    ];

    private static readonly (string C, long Value)[] s_constants =
    [
        ("FBIOGET_VSCREENINFO", Fbdev.FBIOGET_VSCREENINFO), ("FBIOGET_FSCREENINFO", Fbdev.FBIOGET_FSCREENINFO),
        ("FB_VISUAL_TRUECOLOR", Fbdev.FB_VISUAL_TRUECOLOR), ("FB_TYPE_PACKED_PIXELS", Fbdev.FB_TYPE_PACKED_PIXELS),
        ("DRM_IOCTL_MODE_CREATE_DUMB", DRM_IOCTL_MODE_CREATE_DUMB), ("DRM_IOCTL_MODE_MAP_DUMB", DRM_IOCTL_MODE_MAP_DUMB),
        ("DRM_IOCTL_MODE_DESTROY_DUMB", DRM_IOCTL_MODE_DESTROY_DUMB), ("DRM_MODE_CONNECTED", DRM_MODE_CONNECTED),
        ("DRM_MODE_CONNECTOR_HDMIA", DRM_MODE_CONNECTOR_HDMIA), ("DRM_MODE_CONNECTOR_HDMIB", DRM_MODE_CONNECTOR_HDMIB),
        ("DRM_MODE_TYPE_PREFERRED", DRM_MODE_TYPE_PREFERRED), ("DRM_MODE_PAGE_FLIP_EVENT", DRM_MODE_PAGE_FLIP_EVENT),
        ("DRM_EVENT_FLIP_COMPLETE", DRM_EVENT_FLIP_COMPLETE),
    ];

    [SkippableFact]
    public void Struct_layouts_and_ioctl_numbers_match_the_C_headers()
    {
        Skip.IfNot(File.Exists("/usr/include/xf86drmMode.h") && File.Exists("/usr/include/linux/fb.h"),
            "C headers missing (Debian packages libdrm-dev and linux-libc-dev)");
        string dir = Directory.CreateTempSubdirectory("edgeavatar-drm-layout-").FullName;
        try
        {
            string src = Path.Combine(dir, "probe.c"), exe = Path.Combine(dir, "probe");
            File.WriteAllText(src, CProgram());
            var (ccExit, _, ccErr) = OutputTestSupport.Run("cc", ["-std=gnu11", "-I/usr/include/libdrm", "-o", exe, src]);
            Skip.If(ccExit == -1, "no C compiler (cc)");
            Assert.True(ccExit == 0, ccErr);
            var (exit, stdout, _) = OutputTestSupport.Run(exe, []);
            Assert.Equal(0, exit);
            var c = Encoding.ASCII.GetString(stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            Assert.True(c.Count > 60, $"only {c.Count} values printed");

            var mismatches = new List<string>();
            void Check(string key, long managed)
            {
                key = Key(key);
                if (c[key] != managed) mismatches.Add($"{key}: C {c[key]}, C# {managed}");
            }
            foreach (var (cName, type, fields) in s_structs)
            {
                Check($"sizeof({cName})", Marshal.SizeOf(type));
                foreach (var (cf, f) in fields) Check($"{cName}.{cf}", Marshal.OffsetOf(type, f).ToInt64());
            }
            foreach (var (name, value) in s_constants) Check(name, value);
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Keys without spaces ("struct x" → "struct_x") so each printed line splits into key and value.</summary>
    private static string Key(string s) => s.Replace(' ', '_');

    private static string CProgram()
    {
        var sb = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <linux/fb.h>\n#include <xf86drm.h>\n#include <xf86drmMode.h>\nint main(void){\n");
        foreach (var (cName, _, fields) in s_structs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"printf(\"{Key($"sizeof({cName})")} %zu\\n\", sizeof({cName}));\n");
            foreach (var (cf, _) in fields)
                sb.Append(CultureInfo.InvariantCulture, $"printf(\"{Key($"{cName}.{cf}")} %zu\\n\", offsetof({cName}, {cf}));\n");
        }
        foreach (var (name, _) in s_constants)
            sb.Append(CultureInfo.InvariantCulture, $"printf(\"{name} %lld\\n\", (long long)({name}));\n");
        return sb.Append("return 0;}\n").ToString();
    }
}
