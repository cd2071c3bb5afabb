namespace EdgeAvatar.Audio.Tests;

public class FeatureWindowTests
{
    [Fact]
    public void Window_of_video_frame_i_is_feature_frames_2i_minus_8_to_2i_plus_7()
    {
        var idx = new int[16];
        FeatureWindow.WindowIndices(10, 1000, idx);
        Assert.Equal(Enumerable.Range(12, 16), idx);
        Assert.Equal(28, FeatureWindow.FeatureFramesNeeded(10));
    }

    [Fact]
    public void Window_is_edge_padded_at_both_ends()
    {
        var idx = new int[16];
        FeatureWindow.WindowIndices(0, 100, idx);
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7 }, idx);
        FeatureWindow.WindowIndices(49, 100, idx); // 90 .. 105 → clamp at 99
        Assert.Equal(new[] { 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 99, 99, 99, 99, 99, 99 }, idx);
    }

    [Fact]
    public void Copy_window_copies_rows_in_index_order()
    {
        const int bands = 3;
        var features = Enumerable.Range(0, 20 * bands).Select(i => (float)(i / bands)).ToArray(); // row r holds r
        var window = new float[16 * bands];
        FeatureWindow.CopyWindow(features, bands, 1, window); // −6 .. 9
        Assert.Equal(0f, window[0]);
        Assert.Equal(0f, window[6 * bands]);
        Assert.Equal(1f, window[7 * bands]);
        Assert.Equal(9f, window[15 * bands + 2]);
    }

    [Fact]
    public void Smoothing_neighbours_are_i_minus_4_to_i_plus_3_limited_by_look_ahead_and_clip()
    {
        var idx = new int[8];
        FeatureWindow.SmoothingIndices(10, 100, FeatureWindow.FullSmoothingLookAhead, idx);
        Assert.Equal(new[] { 6, 7, 8, 9, 10, 11, 12, 13 }, idx);
        FeatureWindow.SmoothingIndices(10, 100, 0, idx); // causal
        Assert.Equal(new[] { 6, 7, 8, 9, 10, 10, 10, 10 }, idx);
        FeatureWindow.SmoothingIndices(10, 100, 1, idx);
        Assert.Equal(new[] { 6, 7, 8, 9, 10, 11, 11, 11 }, idx);
        FeatureWindow.SmoothingIndices(1, 100, 3, idx);
        Assert.Equal(new[] { 0, 0, 0, 0, 1, 2, 3, 4 }, idx);
        FeatureWindow.SmoothingIndices(98, 100, 3, idx);
        Assert.Equal(new[] { 94, 95, 96, 97, 98, 99, 99, 99 }, idx);
    }

    [Fact]
    public void Video_frame_count_is_half_the_feature_frames()
        => Assert.Equal(1780, FeatureWindow.VideoFrameCount(3560));

    [Fact]
    public void Gathered_smoothing_windows_hold_each_clamped_neighbour_in_order()
    {
        // The writer fills a window with its frame index, so each slot shows which neighbour landed there.
        const int floats = 3;
        var windows = new float[8 * floats];
        var asked = new List<int>();
        void Write(int frame, Span<float> w) { asked.Add(frame); w.Fill(frame); }

        FeatureWindow.GatherSmoothingWindows(1, 6, 1, floats, Write, windows);

        float[] expected = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2];
        Assert.Equal(expected, windows);
        Assert.Equal(new[] { 0, 0, 0, 0, 1, 2, 2, 2 }, asked);
    }

    [Fact]
    public void Gathering_into_too_small_a_buffer_is_refused_before_writing()
    {
        var windows = new float[7 * 3];
        bool wrote = false;
        Assert.Throws<ArgumentException>(() =>
            FeatureWindow.GatherSmoothingWindows(4, 10, 3, 3, (_, _) => wrote = true, windows));
        Assert.False(wrote);
    }
}
