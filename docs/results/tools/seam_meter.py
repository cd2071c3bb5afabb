#!/usr/bin/env python3
# Measurement aid for docs/results/2026-12-07-torso-behind-head.md (stdlib + ffmpeg only).
# usage: seam_meter.py SIDE_BY_SIDE.mp4 TOP X0 X1
# Seam meter: in eval's side-by-side video (left real, right rendered, each W wide), the horizontal edge at row y
# (mean gray of row y minus row y-1 over columns x0..x1) in the render minus the same edge in the recording,
# for rows top-4..top+4, averaged over frames as |difference|. A seam at the torso region's top row shows as a peak at top.
import subprocess, sys
video, top, x0, x1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                        "-of", "csv=p=0", video], capture_output=True, text=True, check=True).stdout.split(",")
w2, h = int(probe[0]), int(probe[1]); w = w2 // 2
raw = subprocess.run(["ffmpeg", "-v", "error", "-i", video, "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                     capture_output=True, check=True).stdout
n = len(raw) // (w2 * h)
rows = range(top - 4, top + 5)
absdiff = {y: 0.0 for y in rows}; signed = {y: 0.0 for y in rows}
for f in range(n):
    fr = raw[f * w2 * h:(f + 1) * w2 * h]
    def mean(half, y):
        base = y * w2 + half * w
        return sum(fr[base + x0: base + x1]) / (x1 - x0)
    for y in rows:
        d = (mean(1, y) - mean(1, y - 1)) - (mean(0, y) - mean(0, y - 1))
        absdiff[y] += abs(d) / n; signed[y] += d / n
print(f"{n} frames, columns {x0}..{x1}; row: mean |rendered edge - real edge|, mean signed (gray levels)")
for y in rows:
    print(f"{y}{' <- region top' if y == top else ''}: {absdiff[y]:.2f} {signed[y]:+.2f}")
