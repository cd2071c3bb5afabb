#!/usr/bin/env bash
# The one-shot GPU device run. Runs THERE (an x86-64 box with an NVIDIA GPU, as root, in the repo root, no .NET, no
# ffmpeg, no network) over the working tree plus the carried .gl/ and .devcarry/ that scripts/device/pack.sh built.
# Results go to $OUT (at most 8 files): device.log (everything), bench_kernels.json, bench_quick.jsonl, train.log,
# full.eavm, bench_full.jsonl, run.json, summary.json.
#
#   OUT=/somewhere [TRAIN_ARGS=auto|'--max-steps 20 ...'] [TRAIN_SECONDS=330] [VARIANT=radnerf|ernerf] scripts/device/run.sh
#
# Steps, each logged with its exit code and seconds; one failing does not stop the others:
#   setup       unpack the Vulkan loader debs into / and ldconfig; point the loader at NVIDIA's ICD when no ICD names
#               it; libssl3 from .devcarry/lib into a private prefix only if the box has no OpenSSL; unpack the binaries
#   decode      .devcarry/dataset (frames as RGB H.264) -> $WORK/dataset with raw frames.rgb/background.rgb (cv2)
#   bench       kernels, then samples/models/cnn_anchor_quick.eavm on the GPU at 512² and 256² (and the CPU renderer at
#               256 for scale): fps, samples/GFLOP/bytes/submissions per frame, host and GPU ms per stage
#   calibrate   (TRAIN_ARGS=auto, the default) times 100 steps of the full preset (16 384 rays per head step) to size
#               a schedule that finishes in the limit; summary.json gets ms per head and torso step and the
#               projected time of full's whole schedule (30 000 + 10 000 steps) at that rate
#   train       edgeavatar-train train --preset full --variant $VARIANT $TRAIN_ARGS, stopped after TRAIN_SECONDS (capped so the rest
#               still fits RUN_SECONDS); on SIGTERM the trainer checkpoints its last finished step
#   bake        -> $OUT/full.eavm;  bench_full: that model on the GPU
# Environment: WORK (default /tmp/edgeavatar-device, local disk), PYTHON (python3), BENCH_ARGS (options of the GPU
# benches; default '--size 512 --size 256 --frames 100'), CPU_BENCH_ARGS (default '--size 256 --frames 10'; 'skip'
# skips it), RUN_SECONDS (540: the whole run's budget), EDGEAVATAR_DEVICE_DRYRUN=1 (a rehearsal on a build machine: nothing is unpacked into /).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${OUT:?set OUT to the folder that receives the results}"
mkdir -p "$OUT"

WORK=${WORK:-/tmp/edgeavatar-device}
PYTHON=${PYTHON:-python3}
TRAIN_ARGS=${TRAIN_ARGS:-auto}
# The head variant calibrated, trained and baked (both train on Vulkan; r2talker trains on the CPU only).
VARIANT=${VARIANT:-radnerf}
CAL_HEAD=${CAL_HEAD:-60}
CAL_TORSO=${CAL_TORSO:-40}
CAL_DEVICE=${CAL_DEVICE:-vulkan}
TRAIN_SECONDS=${TRAIN_SECONDS:-330}
RUN_SECONDS=${RUN_SECONDS:-540}
BENCH_ARGS=${BENCH_ARGS:---size 512 --size 256 --frames 100}
CPU_BENCH_ARGS=${CPU_BENCH_ARGS:---size 256 --frames 10}
DRYRUN=${EDGEAVATAR_DEVICE_DRYRUN:-0}
# On the device the frames are decoded by cv2 and nothing else (decode_frames.py's ffmpeg fallback is for rehearsals).
[[ $DRYRUN == 1 ]] || unset EDGEAVATAR_DECODE_FALLBACK
QUICK_MODEL=samples/models/cnn_anchor_quick.eavm
MAX_OUT_FILE=$((16 * 1048576))
T0=$(date +%s.%N)
SUMMARY=()

now() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
log() { echo "[$(now) s] $*"; }

# step NAME FUNCTION: runs FUNCTION in a subshell with -e (its first failing command ends it), logs the exit code and
# the seconds it took, records both for summary.json, and always returns 0 so the next step runs.
step() {
	local name=$1 t rc=0
	shift
	t=$(date +%s.%N)
	log "=== $name"
	set +e
	(
		set -e
		"$@"
	)
	rc=$?
	set -e
	t=$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	log "=== $name: exit $rc, $t s"
	SUMMARY+=("$name $rc $t")
}

setup() {
	log "host: $(uname -srm), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 " GiB RAM" }'), python: $("$PYTHON" --version 2>&1)"
	df -h "$(dirname "$WORK")" | tail -n 1
	if [[ $DRYRUN == 1 ]]; then
		log "dry run: the loader debs are not unpacked into / here"
	else
		for f in .gl/*.deb; do dpkg -x "$f" /; done
		ldconfig
	fi
	command -v nvidia-smi >/dev/null && nvidia-smi || log "no nvidia-smi"
	ldconfig -p | grep -E 'libvulkan\.so\.1' || log "no libvulkan.so.1 in the linker cache"
	local icds nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
	icds=$(ls /etc/vulkan/icd.d/*.json /usr/share/vulkan/icd.d/*.json /usr/local/share/vulkan/icd.d/*.json 2>/dev/null || true)
	log "Vulkan ICDs in the loader's paths: ${icds:-none}"
	if [[ $DRYRUN != 1 ]] && ! grep -qil nvidia $icds /dev/null; then
		# The device docs' path first; else wherever the driver's ICD file is.
		[[ -f $nvidia_icd ]] || nvidia_icd=$(find /usr /etc /opt -name 'nvidia_icd*.json' 2>/dev/null | head -n 1)
		if [[ -n $nvidia_icd ]]; then
			log "no ICD in the loader's paths names NVIDIA's driver: VK_DRIVER_FILES=$nvidia_icd"
			echo "export VK_DRIVER_FILES=$nvidia_icd VK_ICD_FILENAMES=$nvidia_icd" >>"$WORK/env"
			cat "$nvidia_icd"
		else
			log "no NVIDIA Vulkan ICD file found anywhere: the GPU steps will fail (exit 69)"
		fi
	fi
	# .NET's SHA-256 (model and checkpoint hashes) is OpenSSL's.
	if ldconfig -p | grep -qE 'libssl\.so\.(3|1\.1) '; then
		log "OpenSSL: $(ldconfig -p | grep -E 'libssl\.so\.(3|1\.1) ' | head -n 1 | xargs)"
	else
		log "no OpenSSL on this box: using the carried libssl3 from a private prefix"
		for f in .devcarry/lib/*.deb; do dpkg -x "$f" "$WORK/sysroot"; done
		echo "export LD_LIBRARY_PATH=$WORK/sysroot/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" >>"$WORK/env"
	fi
	mkdir -p "$WORK/bin"
	# Python's tarfile rather than tar -J: the box is not known to have xz, and it surely has python3.
	"$PYTHON" -c '
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    t.extractall(sys.argv[2], **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
' .devcarry/bin/edgeavatar-bin.tar.xz "$WORK/bin"
	ls -l "$WORK/bin"
	log "binaries: $(head -n 1 .devcarry/bin/SOURCE 2>/dev/null || echo 'no SOURCE file')"
	log "ffmpeg on PATH: $(command -v ffmpeg || echo none) (train and bake need none)"
}

decode() {
	rm -rf "$WORK/dataset"
	"$PYTHON" scripts/device/decode_frames.py .devcarry/dataset "$WORK/dataset"
	ls -l "$WORK/dataset"
}

bench_kernels() { edgeavatar bench kernels --json >"$OUT/bench_kernels.json"; cat "$OUT/bench_kernels.json"; }

# shellcheck disable=SC2086 # the *_ARGS variables hold several options on purpose
bench_quick_gpu() { edgeavatar bench --model "$QUICK_MODEL" --device vulkan --json $BENCH_ARGS | tee -a "$OUT/bench_quick.jsonl"; }

# shellcheck disable=SC2086
bench_quick_cpu() { edgeavatar bench --model "$QUICK_MODEL" --device cpu --json $CPU_BENCH_ARGS | tee -a "$OUT/bench_quick.jsonl"; }

# calibrate: a 60-head + 40-torso-step run of the full preset measures seconds per head and per torso step (the
# first step's warm-up included: conservative) and the dataset load, so the real run's schedule (--head-steps,
# --torso-steps) can FINISH inside the time limit — its learning-rate decay, attention start and lips stage then
# happen as designed, instead of a longer schedule cut off mid head stage with an untrained torso.
# TRAIN_ARGS=auto (the default) uses it with --device vulkan, falling back to --device cpu when Vulkan training fails.
calibrate_with() {
	local device=$1 t0 t1 wall train hline fline rh ra
	rm -rf "$WORK/cal"
	t0=$(date +%s.%N)
	edgeavatar-train train "$WORK/dataset" -o "$WORK/cal" --preset full --variant "$VARIANT" --device "$device" --head-steps "$CAL_HEAD" \
		--torso-steps "$CAL_TORSO" >"$WORK/cal.log" 2>&1 || { tail -n 20 "$WORK/cal.log"; return 1; }
	t1=$(date +%s.%N)
	cat "$WORK/cal.log"
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	train=$(sed -n 's/^time: \([0-9.]*\) s$/\1/p' "$WORK/cal.log")
	local total=$((CAL_HEAD + CAL_TORSO)) half=$((CAL_HEAD / 2)) mline rm
	hline=$(grep -E "^step +$CAL_HEAD/$total " "$WORK/cal.log" | tail -n 1)
	mline=$(grep -E "^step +$half/$total " "$WORK/cal.log" | tail -n 1)
	fline=$(grep -E "^step +$total/$total " "$WORK/cal.log" | tail -n 1)
	rh=$(sed -n 's/.* \([0-9.]*\) it\/s .*/\1/p' <<<"$hline")
	rm=$(sed -n 's/.* \([0-9.]*\) it\/s .*/\1/p' <<<"$mline")
	ra=$(sed -n 's/.* \([0-9.]*\) it\/s .*/\1/p' <<<"$fline")
	[[ -n $rh && -n $rm && -n $ra && -n $train ]] || { log "calibrate: could not read the rates"; return 1; }
	# The printed rates are averages since the first step, whose warm-up (pipelines, first uploads) cost ~0.4 s on
	# the H100 and made a first calibration plan half the time it had: a head step's cost is taken between the
	# middle and the end of the head stage instead.
	awk -v rh="$rh" -v rm="$rm" -v ra="$ra" -v wall="$wall" -v train="$train" -v dev="$device" -v h="$CAL_HEAD" \
		-v m="$half" -v t="$CAL_TORSO" 'BEGIN {
		sh = h / rh; perh = (sh - m / rm) / (h - m); st = (h + t) / ra - sh; if (st < 0.001 * t) st = 0.001 * t
		if (perh <= 0) perh = sh / h
		printf "%s %.6f %.6f %.1f\n", dev, perh, st / t, wall - train }' >"$WORK/calibration"
	log "calibrate ($device): $(cat "$WORK/calibration") (device, s/head step, s/torso step, load s)"
	awk '{ printf "calibrate: head step %.1f ms at 16384 rays, torso step %.1f ms; full schedule (30000 + 10000 steps) projected %.0f s\n", 1000 * $2, 1000 * $3, 30000 * $2 + 10000 * $3 + $4 }' "$WORK/calibration"
}

calibrate() {
	[[ $TRAIN_ARGS == auto ]] || { log "calibrate: TRAIN_ARGS set, not needed"; return 0; }
	calibrate_with "$CAL_DEVICE" || { log "calibrate: Vulkan training FAILED; falling back to the C# kernels on $(nproc) cores"; calibrate_with cpu; }
}

train() {
	rm -rf "$WORK/run"
	local limit=$TRAIN_SECONDS left args=$TRAIN_ARGS
	# Keep ~75 s for bake, the last bench and collecting: a run past the device's 10 minutes returns nothing it had
	# not yet written.
	left=$(awk -v r="$RUN_SECONDS" -v n="$(now)" 'BEGIN { printf "%d", r - n - 75 }')
	if ((left < limit)); then
		log "train: only $left s left of RUN_SECONDS=$RUN_SECONDS: limit cut from $limit s"
		limit=$left
	fi
	((limit > 0)) || { log "train: no time left"; return 1; }
	if [[ $args == auto ]]; then
		[[ -f "$WORK/calibration" ]] || { log "train: no calibration"; return 1; }
		# 80 % of what is left after loading for steps (3/4 of it head, 1/4 torso), capped at the preset's schedule.
		args=$(awk -v limit="$limit" '{ b = 0.8 * (limit - $4 - 10); h = int(0.75 * b / $2); t = int(0.25 * b / $3)
			if (h > 30000) h = 30000; if (t > 10000) t = 10000; if (h < 100) h = 100; if (t < 50) t = 50
			printf "--device %s --head-steps %d --torso-steps %d", $1, h, t }' "$WORK/calibration")
	fi
	log "train: preset full, variant $VARIANT, args '$args', limit $limit s"
	local start pid elapsed rc=0 stopped=0
	start=$(date +%s)
	# shellcheck disable=SC2086
	edgeavatar-train train "$WORK/dataset" -o "$WORK/run" --preset full --variant "$VARIANT" $args >"$OUT/train.log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		elapsed=$(($(date +%s) - start))
		if ((elapsed >= limit)); then
			# The trainer finishes the step in progress and checkpoints it before exiting 130.
			log "train: $limit s reached: SIGTERM"
			kill -TERM "$pid" 2>/dev/null || true
			stopped=1
			break
		fi
	done
	wait "$pid" || rc=$?
	tail -n 25 "$OUT/train.log"
	log "train: exit $rc after $(($(date +%s) - start)) s"
	[[ -f "$WORK/run/checkpoint.bin" ]] || { log "train: no checkpoint was written"; return 1; }
	if [[ $stopped == 1 && ($rc == 130 || $rc == 143) ]]; then return 0; fi
	return "$rc"
}

bake() {
	edgeavatar-train bake "$WORK/run" -o "$WORK/full.eavm"
	edgeavatar inspect "$WORK/full.eavm" | head -n 40
	local size
	size=$(stat -c %s "$WORK/full.eavm")
	if ((size <= MAX_OUT_FILE)); then
		cp "$WORK/full.eavm" "$OUT/full.eavm"
	else
		log "bake: full.eavm is $size bytes, over the 16 MiB a returned file may have: not copied to \$OUT"
	fi
}

# shellcheck disable=SC2086
bench_full() { edgeavatar bench --model "$WORK/full.eavm" --device vulkan --json $BENCH_ARGS | tee "$OUT/bench_full.jsonl"; }

collect() {
	[[ -f "$WORK/run/run.json" ]] && cp "$WORK/run/run.json" "$OUT/run.json"
	ls -l "$OUT"
}

main() {
	mkdir -p "$WORK"
	: >"$WORK/env"
	rm -f "$OUT/bench_quick.jsonl"
	step setup setup
	# shellcheck disable=SC1091 # what setup decided (loader paths) must reach every later step
	source "$WORK/env"
	export PATH="$WORK/bin:$PATH"
	step decode decode
	step bench_kernels bench_kernels
	step bench_quick_gpu bench_quick_gpu
	if [[ $CPU_BENCH_ARGS != skip ]]; then step bench_quick_cpu bench_quick_cpu; fi
	step calibrate calibrate
	step train train
	step bake bake
	step bench_full bench_full
	step collect collect
	printf '%s\n' "${SUMMARY[@]}" | "$PYTHON" -c '
import json, os, sys
steps = [dict(step=s, exit=int(r), seconds=float(t)) for s, r, t in (l.split() for l in sys.stdin if l.strip())]
summary = {"steps": steps, "train_args": sys.argv[1], "total_seconds": float(sys.argv[2])}
# The head step at the full preset (16 384 rays) from the calibration: device, s/head step, s/torso step, load s.
cal = os.path.join(sys.argv[4], "calibration")
if os.path.exists(cal):
    dev, h, t, load = open(cal).read().split()
    summary["calibration"] = {"device": dev, "rays_per_head_step": 16384, "head_step_ms": 1000 * float(h),
        "torso_step_ms": 1000 * float(t), "load_s": float(load),
        "projected_full_schedule_s": 30000 * float(h) + 10000 * float(t) + float(load)}
# The bench lines: the figures the issue asks for, per model and size.
keys = ("fps", "frame_ms_p50", "samples_per_frame", "gflop_per_frame", "bytes_per_frame", "submissions_per_frame", "host_ms", "gpu_ms")
for name in ("bench_quick", "bench_full"):
    path = os.path.join(sys.argv[5], name + ".jsonl")
    if os.path.exists(path):
        lines = [json.loads(l) for l in open(path) if l.strip().startswith("{")]
        summary[name] = [dict(device=l.get("device"), size=l.get("size"), **{k: l.get(k) for k in keys}) for l in lines]
json.dump(summary, open(sys.argv[3], "w"), indent=1)
' "$TRAIN_ARGS" "$(now)" "$OUT/summary.json" "$WORK" "$OUT" || log "summary.json: could not be written"
	log "summary:"
	printf '  %-16s exit %-4s %8s s\n' $(printf '%s\n' "${SUMMARY[@]}")
	local failed
	failed=$(printf '%s\n' "${SUMMARY[@]}" | awk '$2 != 0' | wc -l)
	log "done: $failed step(s) failed; $(ls "$OUT" | wc -l) files in \$OUT"
	((failed == 0))
}

main 2>&1 | tee "$OUT/device.log"
exit "${PIPESTATUS[0]}"
