#!/usr/bin/env python3
"""Turns a carried dataset (scripts/device/pack.sh: every file train needs, the frames as RGB H.264 in
frames.mkv, background.png) into a dataset that train reads with no ffmpeg: frames.rgb and background.rgb, raw
rgb24 (trainer/EdgeAvatar.Prepare/Dataset/DATASET.md), and a manifest naming them.

    decode_frames.py CARRY_DIR OUT_DIR

OUT_DIR gets copies of CARRY_DIR's other files, frames.rgb, background.rgb and the rewritten manifest.json.
Decoding is OpenCV's (cv2, as on the GPU box, where there is no ffmpeg program). Only where cv2 cannot be imported
and EDGEAVATAR_DECODE_FALLBACK names an ffmpeg program does it run that instead, saying so: that exists to test this
script on a build machine without cv2, never for the device. Exits 65 when the frame count or size differs from
the manifest, 69 when no decoder is available, 66 when an input is missing.
"""
import json
import os
import shutil
import subprocess
import sys
import time


def fail(code, message):
    print(f"decode_frames: {message}", file=sys.stderr)
    sys.exit(code)


def decode_with_cv2(cv2, video, width, height, out):
    cap = cv2.VideoCapture(video, cv2.CAP_FFMPEG)
    if not cap.isOpened():
        fail(65, f"OpenCV cannot open {video}")
    # No hardware decoding: the bytes must be the H.264 reference decoder's, whatever GPU is there.
    if hasattr(cv2, "CAP_PROP_HW_ACCELERATION") and hasattr(cv2, "VIDEO_ACCELERATION_NONE"):
        cap.set(cv2.CAP_PROP_HW_ACCELERATION, cv2.VIDEO_ACCELERATION_NONE)
    count = 0
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        if bgr.shape != (height, width, 3) or str(bgr.dtype) != "uint8":
            fail(65, f"{video} frame {count} is {bgr.shape} {bgr.dtype}; the manifest says {height}x{width}x3 uint8")
        # OpenCV hands out BGR; the dataset is RGB.
        out.write(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).tobytes())
        count += 1
    cap.release()
    return count


def decode_with_ffmpeg(ffmpeg, video, width, height, out):
    frame_bytes = width * height * 3
    proc = subprocess.Popen([ffmpeg, "-v", "error", "-nostdin", "-i", video, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                            stdout=subprocess.PIPE)
    count = 0
    while True:
        chunk = proc.stdout.read(frame_bytes)
        if not chunk:
            break
        if len(chunk) != frame_bytes:
            fail(65, f"ffmpeg's output for {video} ends mid-frame after {count} frames")
        out.write(chunk)
        count += 1
    if proc.wait() != 0:
        fail(65, f"ffmpeg failed decoding {video}")
    return count


def background_with_cv2(cv2, png, width, height):
    bgr = cv2.imread(png, cv2.IMREAD_COLOR)
    if bgr is None:
        fail(65, f"OpenCV cannot read {png}")
    if bgr.shape != (height, width, 3):
        fail(65, f"{png} is {bgr.shape}; the manifest says {height}x{width}x3")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).tobytes()


def background_with_ffmpeg(ffmpeg, png, width, height):
    raw = subprocess.run([ffmpeg, "-v", "error", "-nostdin", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         stdout=subprocess.PIPE, check=True).stdout
    if len(raw) != width * height * 3:
        fail(65, f"{png} decodes to {len(raw)} bytes, not {width}x{height}x3")
    return raw


def main():
    if len(sys.argv) != 3:
        fail(64, "usage: decode_frames.py CARRY_DIR OUT_DIR")
    carry, out_dir = sys.argv[1], sys.argv[2]
    manifest_path = os.path.join(carry, "manifest.json")
    if not os.path.isfile(manifest_path):
        fail(66, f"{carry} has no manifest.json")
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    width, height, frames = manifest["width"], manifest["height"], manifest["frame_count"]
    files = manifest["files"]
    video = os.path.join(carry, files["frames"])
    png = os.path.join(carry, files["background"])
    for path in (video, png):
        if not os.path.isfile(path):
            fail(66, f"{path} is missing")

    ffmpeg = None
    try:
        import cv2
        decoder = f"OpenCV {cv2.__version__}"
    except ImportError as e:
        ffmpeg = os.environ.get("EDGEAVATAR_DECODE_FALLBACK")
        if not ffmpeg:
            fail(69, f"cannot import cv2 ({e}); to test here, set EDGEAVATAR_DECODE_FALLBACK to an ffmpeg program")
        cv2 = None
        decoder = f"FALLBACK: the ffmpeg program {ffmpeg} (cv2 is missing here; the device path is cv2)"
    print(f"decode_frames: decoder {decoder}", file=sys.stderr)

    os.makedirs(out_dir, exist_ok=True)
    for name in sorted(os.listdir(carry)):
        src = os.path.join(carry, name)
        if name in (files["frames"], files["background"], "manifest.json") or not os.path.isfile(src):
            continue
        shutil.copyfile(src, os.path.join(out_dir, name))

    start = time.monotonic()
    with open(os.path.join(out_dir, "frames.rgb"), "wb", buffering=1 << 22) as out:
        count = decode_with_cv2(cv2, video, width, height, out) if cv2 else decode_with_ffmpeg(ffmpeg, video, width, height, out)
    seconds = time.monotonic() - start
    if count != frames:
        fail(65, f"{video} holds {count} frames; the manifest says {frames}")
    plate = background_with_cv2(cv2, png, width, height) if cv2 else background_with_ffmpeg(ffmpeg, png, width, height)
    with open(os.path.join(out_dir, "background.rgb"), "wb") as out:
        out.write(plate)

    renames = {files["frames"]: "frames.rgb", files["background"]: "background.rgb"}
    files["frames"], files["background"] = "frames.rgb", "background.rgb"
    if isinstance(files.get("all"), list):  # a derived list the writer also serialises; keep it consistent
        files["all"] = [renames.get(n, n) for n in files["all"]]
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f)
    print(f"decode_frames: {count} frames {width}x{height} -> {os.path.join(out_dir, 'frames.rgb')} "
          f"({count * width * height * 3 / 2**20:.0f} MiB) in {seconds:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
