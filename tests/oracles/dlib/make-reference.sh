#!/usr/bin/env bash
# Regenerates landmarks-reference.json with dlib's own C++ (Debian libdlib-dev) as the oracle.
# Needs: g++, pkg-config, libdlib-dev, libdlib-data, ffmpeg. CI does not run this; it only reads the JSON.
# Frame selection must match tests/EdgeAvatar.Prepare.Tests/Landmarks/OracleReference.cs (every STEP-th frame,
# starting at frame 0, COUNT frames per clip, decoded to rgb24 at the clip's own 512x512 size).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
model="${MODEL:-/usr/share/dlib/shape_predictor_68_face_landmarks.dat}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

oracle="${ORACLE_BIN:-}"   # a prebuilt landmark_oracle saves the ~45 s compile
if [ -z "$oracle" ]; then
  oracle="$work/landmark_oracle"
  g++ -O2 -std=c++17 -o "$oracle" "$here/landmark_oracle.cpp" $(pkg-config --libs dlib-1)
fi

# clip  step  count
clips=(
  "cnn_anchor_71s_512.mp4 64 28"
  "german_anchor_20s_512.mp4 42 12"
)
out="$work/lines.jsonl"
: > "$out"
for spec in "${clips[@]}"; do
  read -r clip step count <<<"$spec"
  ffmpeg -nostdin -y -v error -i "$repo/samples/train/$clip" -vf "select=not(mod(n\,$step))" -vsync 0 -frames:v "$count" \
    -f rawvideo -pix_fmt rgb24 "$work/frames.rgb"
  indices="$(seq -s, 0 "$step" $(( (count - 1) * step )))"
  "$oracle" "$model" "$work/frames.rgb" 512 512 "$clip" "$indices" >> "$out"
done

{
  printf '{\n  "generator": "tests/oracles/dlib/make-reference.sh (dlib %s, HOG detector boxes, shape_predictor points)",\n' \
    "$(pkg-config --modversion dlib-1)"
  printf '  "model": "%s",\n  "modelBytes": %s,\n  "frames": [\n' "$(basename "$model")" "$(stat -c %s "$model")"
  sed '$!s/$/,/; s/^/    /' "$out"
  printf '  ]\n}\n'
} > "$here/landmarks-reference.json"
echo "wrote $(grep -c '"clip"' "$here/landmarks-reference.json") frames to $here/landmarks-reference.json"
