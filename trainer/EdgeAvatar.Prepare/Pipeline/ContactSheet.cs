using EdgeAvatar.Media.Images;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// contact_sheet.png: <see cref="Columns"/> × <see cref="Rows"/> overlays (<see cref="OverlayRenderer"/>) of frames
/// sampled evenly over the clip (the centre of each of 9 equal spans), each at half size, left to right, top to bottom.
/// Collects tiles as the segmentation stage passes the chosen frames; thread-safe <see cref="Offer"/>.
/// </summary>
public sealed class ContactSheet
{
    public const int Columns = 3;
    public const int Rows = 3;
    private readonly RgbImage?[] _tiles = new RgbImage?[Columns * Rows];
    private readonly int[] _frames;

    public ContactSheet(int frameCount, int frameSize)
    {
        TileSize = Math.Max(2, frameSize / 2);
        int n = Math.Min(Columns * Rows, frameCount);
        _frames = Enumerable.Range(0, n).Select(k => (int)((k + 0.5) * frameCount / n)).ToArray();
    }

    public int TileSize { get; }
    public IReadOnlyList<int> Frames => _frames;

    public bool Wants(int frame) => Array.IndexOf(_frames, frame) >= 0;

    public void Offer(int frame, RgbImage overlay)
    {
        int slot = Array.IndexOf(_frames, frame);
        if (slot >= 0) _tiles[slot] = overlay.Resize(TileSize, TileSize);
    }

    public void Write(string path)
    {
        var sheet = RgbImage.Solid(Columns * TileSize, Rows * TileSize, 16, 16, 16);
        for (int slot = 0; slot < _tiles.Length; slot++)
        {
            if (_tiles[slot] is not RgbImage tile) continue;
            int ox = slot % Columns * TileSize, oy = slot / Columns * TileSize;
            for (int y = 0; y < TileSize; y++)
                tile.Pixels.AsSpan(y * TileSize * 3, TileSize * 3).CopyTo(sheet.Pixels.AsSpan(((oy + y) * sheet.Width + ox) * 3));
        }
        PngWriter.WriteRgb(path, sheet.Width, sheet.Height, sheet.Pixels);
    }
}
