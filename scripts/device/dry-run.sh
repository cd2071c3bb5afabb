#!/usr/bin/env bash
# Rehearses scripts/device/run.sh HERE, as close to the device as a build machine allows: the carried binaries and
# dataset from pack.sh, a PATH with no ffmpeg, ffprobe or dotnet, whatever Vulkan device exists (lavapipe without a
# GPU), nothing unpacked into /, and tiny defaults so it ends in minutes:
#
#   scripts/device/dry-run.sh            # OUT=/tmp/devout, TRAIN_ARGS='--max-steps 20', benches at 64² for 3 frames
#
# Any of OUT, WORK, TRAIN_ARGS, TRAIN_SECONDS, BENCH_ARGS, CPU_BENCH_ARGS overrides its default. Decoding uses a
# python3 that has cv2 (python3, then /usr/bin/python3); where none has, decode_frames.py's logged ffmpeg fallback.
# Exit status: run.sh's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

shim=$(mktemp -d "${TMPDIR:-/tmp}/edgeavatar-nopath.XXXXXX")
trap 'rm -rf "$shim"' EXIT
# Every program on PATH except the ones the device lacks.
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	for f in "$d"/*; do
		n=${f##*/}
		case "$n" in ffmpeg | ffprobe | dotnet) continue ;; esac
		[[ -x "$f" && ! -d "$f" && ! -e "$shim/$n" ]] && ln -s "$f" "$shim/$n"
	done
done

python=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import cv2, numpy' 2>/dev/null; then python=$(command -v "$p"); break; fi
done
fallback=
if [[ -z "$python" ]]; then
	python=$(command -v python3)
	fallback=$(command -v ffmpeg) || { echo "dry-run: neither cv2 nor ffmpeg here: cannot decode the frames" >&2; exit 69; }
	echo "dry-run: no python3 with cv2 here: decode_frames.py will use its ffmpeg fallback ($fallback)" >&2
fi

out=${OUT:-/tmp/devout}
rm -rf "$out"
mkdir -p "$out"
env PATH="$shim" OUT="$out" WORK="${WORK:-/tmp/edgeavatar-dryrun}" EDGEAVATAR_DEVICE_DRYRUN=1 PYTHON="$python" \
	EDGEAVATAR_DECODE_FALLBACK="$fallback" TRAIN_ARGS="${TRAIN_ARGS---max-steps 20}" TRAIN_SECONDS="${TRAIN_SECONDS:-330}" \
	BENCH_ARGS="${BENCH_ARGS---size 64 --frames 3}" CPU_BENCH_ARGS="${CPU_BENCH_ARGS---size 64 --frames 2}" \
	scripts/device/run.sh
