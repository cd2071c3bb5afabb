#version 450
// render/compose_frame.comp — the final image (AvatarRenderer's composite): below = background / 255; inside the
// torso region below = rgb·α + (1 − α)·below with (rgb, α) = sigmoid(torso raw outputs); inside the head ROI
// out = C + (1 − W)·below; bytes = clamp(int(out · 255 + 0.5), 0, 255). RGB24, row-major, packed 4 bytes per uint.
//
// One invocation per output word w (bytes 4w .. 4w + 3; each byte recomputes its pixel's channel).
// Workgroup: 64 x 1 x 1. Dispatch: (ceil(words / 64), 1, 1).
//
// Bindings (set 0):
//   0 storage  Background { uint bg[]; }      W x H x 3 bytes, packed little-endian 4 per uint.
//   1 storage  Torso      { float torso[]; }  P x 4 raw colour-MLP outputs over the torso region (row-major).
//   2 storage  Color      { float color[]; }  R x 3 premultiplied head colours over the head ROI (row-major).
//   3 storage  Opacity    { float opacity[]; } R head opacities.
//   4 storage  Out        { uint outv[]; }    W x H x 3 bytes, packed like Background.
// Push constants (48 bytes): uint n — words ceil(3 W H / 4); uint first — first word of this dispatch;
//   uint width; uint height; uvec4 torso (x, y, w, h; w = 0 → no torso); uvec4 head (x, y, w, h; w = 0 → no head).

layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;

layout(std430, set = 0, binding = 0) readonly buffer Background { uint bg[]; };
layout(std430, set = 0, binding = 1) readonly buffer Torso { float torso[]; };
layout(std430, set = 0, binding = 2) readonly buffer Color { float color[]; };
layout(std430, set = 0, binding = 3) readonly buffer Opacity { float opacity[]; };
layout(std430, set = 0, binding = 4) writeonly buffer Out { uint outv[]; };

layout(push_constant) uniform Push { uint n; uint first; uint width; uint height; uvec4 torso_rect; uvec4 head_rect; } pc;

float sigmoid(float x) { return 1.0 / (1.0 + exp(-x)); }

bool inside(uvec4 rect, uint x, uint y)
{
    return x >= rect.x && x < rect.x + rect.z && y >= rect.y && y < rect.y + rect.w;
}

void main()
{
    uint w = pc.first + gl_GlobalInvocationID.x;
    if (w >= pc.n)
        return;
    uint bytes = 3u * pc.width * pc.height;
    uint packed = 0u;
    for (uint k = 0; k < 4u; ++k)
    {
        uint b = 4u * w + k;
        if (b >= bytes)
            break;
        uint pixel = b / 3u, ch = b % 3u;
        uint x = pixel % pc.width, y = pixel / pc.width;
        precise float below = float((bg[b >> 2] >> (8u * (b & 3u))) & 255u) * (1.0 / 255.0);
        if (inside(pc.torso_rect, x, y))
        {
            uint i = (y - pc.torso_rect.y) * pc.torso_rect.z + (x - pc.torso_rect.x);
            float a = sigmoid(torso[4 * i + 3]);
            below = sigmoid(torso[4 * i + ch]) * a + (1.0 - a) * below;
        }
        if (inside(pc.head_rect, x, y))
        {
            uint i = (y - pc.head_rect.y) * pc.head_rect.z + (x - pc.head_rect.x);
            below = color[3 * i + ch] + (1.0 - opacity[i]) * below;
        }
        uint v = uint(clamp(int(below * 255.0 + 0.5), 0, 255));
        packed |= v << (8u * k);
    }
    outv[w] = packed;
}
