using System.Runtime.InteropServices;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    internal static partial class Drm
    {
        internal const uint DRM_MODE_CONNECTED = 1;
        internal const uint DRM_MODE_CONNECTOR_HDMIA = 11;
        internal const uint DRM_MODE_CONNECTOR_HDMIB = 12;
        internal const uint DRM_MODE_TYPE_PREFERRED = 1 << 3;
        internal const uint DRM_MODE_PAGE_FLIP_EVENT = 0x01;
        internal const uint DRM_EVENT_FLIP_COMPLETE = 0x02;

        /// <summary>Connector type names as the kernel prints them (drm_connector_enum_list), index = DRM_MODE_CONNECTOR_*.</summary>
        internal static readonly string[] ConnectorTypeNames =
        [
            "Unknown", "VGA", "DVI-I", "DVI-D", "DVI-A", "Composite", "SVIDEO", "LVDS", "Component", "DIN", "DP",
            "HDMI-A", "HDMI-B", "TV", "eDP", "Virtual", "DSI", "DPI", "Writeback", "SPI", "USB",
        ];

        /// <summary>drmModeRes (xf86drmMode.h): arrays are owned by libdrm until drmModeFreeResources.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct DrmModeRes
        {
            public int CountFbs;
            public uint* Fbs;
            public int CountCrtcs;
            public uint* Crtcs;
            public int CountConnectors;
            public uint* Connectors;
            public int CountEncoders;
            public uint* Encoders;
            public uint MinWidth, MaxWidth, MinHeight, MaxHeight;
        }

        /// <summary>drmModeModeInfo (= struct drm_mode_modeinfo), 68 bytes; passed back to SetCrtc as is.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct DrmModeModeInfo
        {
            public uint Clock;
            public ushort HDisplay, HSyncStart, HSyncEnd, HTotal, HSkew;
            public ushort VDisplay, VSyncStart, VSyncEnd, VTotal, VScan;
            public uint VRefresh, Flags, Type;
            public fixed byte Name[32];
        }

        /// <summary>drmModeConnector.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct DrmModeConnector
        {
            public uint ConnectorId, EncoderId, ConnectorType, ConnectorTypeId;
            public uint Connection; // drmModeConnection enum: 1 connected, 2 disconnected, 3 unknown
            public uint MmWidth, MmHeight;
            public uint SubPixel;   // drmModeSubPixel enum
            public int CountModes;
            public DrmModeModeInfo* Modes;
            public int CountProps;
            public uint* Props;
            public ulong* PropValues;
            public int CountEncoders;
            public uint* Encoders;
        }

        /// <summary>drmModeEncoder.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct DrmModeEncoder
        {
            public uint EncoderId, EncoderType, CrtcId, PossibleCrtcs, PossibleClones;
        }

        /// <summary>drmModeCrtc: the state saved before we take the display and restored on dispose.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct DrmModeCrtc
        {
            public uint CrtcId, BufferId, X, Y, Width, Height;
            public int ModeValid;
            public DrmModeModeInfo Mode;
            public int GammaSize;
        }

        /// <summary>struct drm_mode_create_dumb (drm_mode.h), 32 bytes; in: height/width/bpp/flags, out: handle/pitch/size.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct DrmModeCreateDumb
        {
            public uint Height, Width, Bpp, Flags, Handle, Pitch;
            public ulong Size;
        }

        /// <summary>struct drm_mode_map_dumb, 16 bytes; out: the fake offset to mmap the buffer at.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct DrmModeMapDumb
        {
            public uint Handle, Pad;
            public ulong Offset;
        }

        /// <summary>struct drm_mode_destroy_dumb.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct DrmModeDestroyDumb
        {
            public uint Handle;
        }

        /// <summary>struct drm_event header read from the card fd after a page flip with DRM_MODE_PAGE_FLIP_EVENT.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct DrmEvent
        {
            public uint Type, Length;
        }

        // _IOWR('d', nr, struct): direction 3 << 30 | size << 16 | 'd' << 8 | nr (asm-generic ioctl encoding, x86-64/arm64).
        internal const uint DRM_IOCTL_MODE_CREATE_DUMB = 0xC02064B2;
        internal const uint DRM_IOCTL_MODE_MAP_DUMB = 0xC01064B3;
        internal const uint DRM_IOCTL_MODE_DESTROY_DUMB = 0xC00464B4;
    }
}
