using System.Globalization;
using System.Text;
using EdgeAvatar.Common;
using static EdgeAvatar.Host.Interop.Drm;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// Picks what a drm: output drives: a connector (the named one, else the first connected HDMI, else the first
/// connected of any type), a mode (the requested WxH — preferred-flagged first, then highest refresh — else the
/// connector's preferred mode, else its first) and a CRTC (the one its current encoder drives, else the first CRTC an
/// encoder of the connector can reach). Reads libdrm objects and frees them before returning (the mode is copied).
/// </summary>
internal readonly record struct DrmOutputSelection(uint ConnectorId, string ConnectorName, uint CrtcId, DrmModeModeInfo Mode)
{
    public static unsafe DrmOutputSelection Choose(Loader drm, int fd, string card, string? wantedConnector, (int Width, int Height)? wantedMode)
    {
        DrmModeRes* res = drm.GetResources(fd);
        if (res == null)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"'{card}' has no display (KMS) resources — it is a render-only GPU node; choose another card (drm:card1).");
        try
        {
            DrmModeConnector* chosen = null;
            var seen = new List<string>();
            for (int i = 0; i < res->CountConnectors && chosen == null; i++)
            {
                DrmModeConnector* c = drm.GetConnector(fd, res->Connectors[i]);
                if (c == null) continue;
                string name = Name(c);
                seen.Add($"{name}{(c->Connection == DRM_MODE_CONNECTED ? " (connected)" : "")}");
                bool match = wantedConnector is not null
                    ? name.Equals(wantedConnector, StringComparison.OrdinalIgnoreCase) || c->ConnectorId.ToString(CultureInfo.InvariantCulture) == wantedConnector
                    : c->Connection == DRM_MODE_CONNECTED && c->CountModes > 0 && IsHdmi(c);
                if (match) chosen = c; else drm.FreeConnector(c);
            }
            if (chosen == null && wantedConnector is null) // no HDMI: take any connected display
            {
                for (int i = 0; i < res->CountConnectors && chosen == null; i++)
                {
                    DrmModeConnector* c = drm.GetConnector(fd, res->Connectors[i]);
                    if (c == null) continue;
                    if (c->Connection == DRM_MODE_CONNECTED && c->CountModes > 0) chosen = c; else drm.FreeConnector(c);
                }
            }
            if (chosen == null)
                throw new EdgeAvatarException(ExitCodes.Unavailable, wantedConnector is null
                    ? $"'{card}': no connected display (connectors: {string.Join(", ", seen)}). Check the HDMI cable and that the screen is on."
                    : $"'{card}': connector '{wantedConnector}' not found (connectors: {string.Join(", ", seen)}).");
            try
            {
                if (chosen->Connection != DRM_MODE_CONNECTED || chosen->CountModes == 0)
                    throw new EdgeAvatarException(ExitCodes.Unavailable, $"'{card}': connector {Name(chosen)} has no display connected.");
                DrmModeModeInfo mode = PickMode(chosen, wantedMode, card);
                uint crtc = PickCrtc(drm, fd, res, chosen, card);
                return new DrmOutputSelection(chosen->ConnectorId, Name(chosen), crtc, mode);
            }
            finally
            {
                drm.FreeConnector(chosen);
            }
        }
        finally
        {
            drm.FreeResources(res);
        }
    }

    public static unsafe string ModeName(in DrmModeModeInfo m)
    {
        fixed (byte* p = m.Name) return $"{m.HDisplay}x{m.VDisplay}@{m.VRefresh} ({Encoding.ASCII.GetString(p, 32).TrimEnd('\0')})";
    }

    private static unsafe bool IsHdmi(DrmModeConnector* c) => c->ConnectorType is DRM_MODE_CONNECTOR_HDMIA or DRM_MODE_CONNECTOR_HDMIB;

    private static unsafe string Name(DrmModeConnector* c)
    {
        string type = c->ConnectorType < ConnectorTypeNames.Length ? ConnectorTypeNames[c->ConnectorType] : "Unknown";
        return string.Create(CultureInfo.InvariantCulture, $"{type}-{c->ConnectorTypeId}");
    }

    private static unsafe DrmModeModeInfo PickMode(DrmModeConnector* c, (int Width, int Height)? wanted, string card)
    {
        int best = -1;
        for (int i = 0; i < c->CountModes; i++)
        {
            DrmModeModeInfo* m = &c->Modes[i];
            if (wanted is { } w)
            {
                if (m->HDisplay != w.Width || m->VDisplay != w.Height) continue;
                if (best < 0 || Rank(m) > Rank(&c->Modes[best])) best = i;
            }
            else if ((m->Type & DRM_MODE_TYPE_PREFERRED) != 0) { best = i; break; }
        }
        if (best < 0 && wanted is { } missing)
            throw new EdgeAvatarException(ExitCodes.Usage, $"'{card}' {Name(c)} has no {missing.Width}x{missing.Height} mode.");
        return c->Modes[Math.Max(best, 0)];
    }

    private static unsafe long Rank(DrmModeModeInfo* m) => ((m->Type & DRM_MODE_TYPE_PREFERRED) != 0 ? 1L << 32 : 0) + m->VRefresh;

    private static unsafe uint PickCrtc(Loader drm, int fd, DrmModeRes* res, DrmModeConnector* c, string card)
    {
        if (c->EncoderId != 0)
        {
            DrmModeEncoder* e = drm.GetEncoder(fd, c->EncoderId);
            if (e != null)
            {
                uint crtc = e->CrtcId;
                drm.FreeEncoder(e);
                if (crtc != 0) return crtc;
            }
        }
        for (int i = 0; i < c->CountEncoders; i++)
        {
            DrmModeEncoder* e = drm.GetEncoder(fd, c->Encoders[i]);
            if (e == null) continue;
            uint possible = e->PossibleCrtcs;
            drm.FreeEncoder(e);
            for (int k = 0; k < res->CountCrtcs; k++)
                if ((possible & (1u << k)) != 0) return res->Crtcs[k];
        }
        throw new EdgeAvatarException(ExitCodes.Unavailable, $"'{card}': no CRTC can drive {Name(c)}.");
    }
}
