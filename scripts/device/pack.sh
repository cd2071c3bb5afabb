#!/usr/bin/env bash
# Builds, HERE, what one GPU "device run" (scripts/device/run.sh, run there in the repo root) needs beside the
# working tree: ignored folders the device call carries (name them in its carry list: [".gl", ".devcarry"]).
#
#   scripts/device/pack.sh [--target REPO] [--bin] [--gl] [--dataset] [--sizes] [--crf N] [--fresh] [--budget-mib M]
#
#   --bin      publish edgeavatar + edgeavatar-train (linux-x64, self-contained, trimmed single files; no .NET on the
#              device) from REPO's sources -> .devcarry/bin/edgeavatar-bin.tar.xz (+ SOURCE: the commit they are of)
#   --gl       download the Vulkan loader debs -> .gl/ (as the device docs say), and libssl3 -> .devcarry/lib/
#              (unpacked there only if the device has no OpenSSL: .NET's SHA-256 needs it)
#   --dataset  prepare samples/train/cnn_anchor_71s_512.mp4 with the published trainer (cached in
#              out/device-pack/dataset; --fresh re-prepares) and build .devcarry/dataset/: what train reads, with the
#              frames re-encoded as RGB H.264 (libx264rgb) at the lowest CRF from N (default 12) that keeps the total
#              within the budget; prints the PSNR against the lossless frames
#   --sizes    only the size report below (no step runs)
#   No step flag: all three. --bin-only is --bin. REPO (or $EDGEAVATAR_PACK_TARGET): the repo root to publish from
#   and write into; default this script's repo. --budget-mib: the size the tree plus carried paths must stay under
#   (default 60; the device limit is 64 MiB). Always ends with the size of each carried path and the total.
# Needs: dotnet, ffmpeg, apt-get, xz, git; the dlib/OpenCV data for prepare (scripts/setup). Exit 64 bad usage,
# 69 a tool missing, 65 the budget cannot be met.
set -euo pipefail

target="${EDGEAVATAR_PACK_TARGET:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
do_bin=0 do_gl=0 do_dataset=0 sizes_only=0 crf=12 fresh=0 budget_mib=60
usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 64; }
while [[ $# -gt 0 ]]; do
	case "$1" in
	--target) target=${2:?--target needs a directory}; shift 2 ;;
	--bin|--bin-only) do_bin=1; shift ;;
	--gl) do_gl=1; shift ;;
	--dataset) do_dataset=1; shift ;;
	--sizes) sizes_only=1; shift ;;
	--crf) crf=${2:?--crf needs a number}; shift 2 ;;
	--fresh) fresh=1; shift ;;
	--budget-mib) budget_mib=${2:?--budget-mib needs a number}; shift 2 ;;
	-h|--help) usage ;;
	*) echo "pack: unknown argument '$1'" >&2; usage ;;
	esac
done
[[ $do_bin$do_gl$do_dataset$sizes_only == 0000 ]] && do_bin=1 do_gl=1 do_dataset=1
[[ "$crf" =~ ^[0-9]+$ && "$budget_mib" =~ ^[0-9]+$ ]] || { echo "pack: --crf and --budget-mib take whole numbers" >&2; exit 64; }
target=$(cd "$target" && pwd)
git -C "$target" rev-parse --git-dir >/dev/null 2>&1 || { echo "pack: $target is not a git checkout" >&2; exit 64; }
for tool in dotnet ffmpeg xz tar git; do
	command -v "$tool" >/dev/null || { echo "pack: '$tool' not found (scripts/setup installs ffmpeg)" >&2; exit 69; }
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

carry="$target/.devcarry"
bin_tar="$carry/bin/edgeavatar-bin.tar.xz"
mkdir -p "$carry"
# Both folders must stay out of git (the device copies tracked and untracked-not-ignored files, plus carried ones).
# A worktree's info/exclude is the main repository's; it is shared, which is fine.
exclude="$(git -C "$target" rev-parse --git-common-dir)"
[[ "$exclude" = /* ]] || exclude="$target/$exclude"
exclude="$exclude/info/exclude"
mkdir -p "$(dirname "$exclude")"
for pattern in /.gl/ /.devcarry/; do
	grep -qxF "$pattern" "$exclude" 2>/dev/null || echo "$pattern" >>"$exclude"
done

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
size_of() { if [[ -e "$1" ]]; then du -sb "$1" | cut -f1; else echo 0; fi; }
# What the device copies besides carried paths: tracked files plus untracked files git does not ignore.
tree_bytes() {
	(cd "$target" && { git ls-files -z; git ls-files -z -o --exclude-standard; } | xargs -0 -r stat -c %s -- 2>/dev/null \
		| awk '{ s += $1 } END { print s + 0 }')
}

publish() {
	local work src out
	work=$(mktemp -d "${TMPDIR:-/tmp}/edgeavatar-pack.XXXXXX")
	src="$work/src" out="$work/bin"
	mkdir -p "$src" "$out"
	# A private copy of the sources (bin/ and obj/ left behind), as packaging/build-deb does: a RID-specific
	# restore never touches the working tree's obj/, and nothing races a build running there.
	(cd "$target" && tar --exclude=bin --exclude=obj -cf - firmware-host trainer shaders Directory.Build.props \
		Directory.Packages.props .editorconfig) | tar -xf - -C "$src"
	# Self-contained: the device has no .NET. Trimmed (TrimMode=partial trims only the framework; our assemblies and
	# their reflection-serialised JSON types stay whole): 38 MB for both instead of 150. The trim analyzer's warnings
	# are about reflection it cannot follow, which partial mode keeps; the dry run (run.sh here) exercises the paths.
	# NativeAOT is not an option: the code serialises JSON by reflection and no clang is installed.
	local flags=(-c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -p:DebugType=none
		-p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true
		-p:JsonSerializerIsReflectionEnabledByDefault=true -o "$out" -nologo -v quiet -clp:ErrorsOnly)
	echo "pack: publishing edgeavatar-train and edgeavatar (linux-x64, self-contained) from $target" >&2
	dotnet publish "$src/trainer/EdgeAvatar.Trainer" "${flags[@]}" >&2
	dotnet publish "$src/firmware-host/EdgeAvatar.Host" "${flags[@]}" >&2
	[[ -x "$out/edgeavatar" && -x "$out/edgeavatar-train" ]] || { echo "pack: publish produced no binaries" >&2; exit 1; }
	"$out/edgeavatar" --help >/dev/null && "$out/edgeavatar-train" --help >/dev/null
	mkdir -p "$carry/bin"
	# One xz archive: the two single files share the trimmed framework, which xz's 64-MiB window stores once.
	tar -C "$out" -cf - edgeavatar edgeavatar-train | xz -9e -T1 >"$bin_tar.tmp"
	mv "$bin_tar.tmp" "$bin_tar"
	{
		echo "commit $(git -C "$target" rev-parse HEAD)$(git -C "$target" diff --quiet HEAD -- firmware-host trainer shaders || echo ' + uncommitted changes')"
		echo "published $(date -u +%FT%TZ)"
	} >"$carry/bin/SOURCE"
	rm -rf "$work"
	echo "pack: $bin_tar ($(mib "$(size_of "$bin_tar")"); $(cat "$carry/bin/SOURCE" | head -n 1))" >&2
}

download_debs() {
	command -v apt-get >/dev/null || { echo "pack: apt-get not found" >&2; exit 69; }
	# Exactly the device docs' recipe: amd64 lists in a private directory, debs downloaded, nothing installed.
	mkdir -p "$target/.gl" /tmp/amd64/partial "$carry/lib"
	local o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64)
	apt-get "${o[@]}" update -qq >&2
	rm -f "$target"/.gl/*.deb "$carry"/lib/*.deb
	(cd "$target/.gl" && apt-get "${o[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >&2)
	(cd "$carry/lib" && apt-get "${o[@]}" download libssl3 >&2)
	ls -l "$target"/.gl/*.deb "$carry"/lib/*.deb >&2
}

# The frames' budget: what is left of the total once everything else that travels is counted.
frames_budget() {
	local other=$(( $(tree_bytes) + $(size_of "$target/.gl") ))
	other=$(( other + $(du -sb --exclude=frames.mkv "$carry" | cut -f1) ))
	echo $(( budget_mib * 1048576 - other ))
}

build_dataset() {
	local clip="$target/samples/train/cnn_anchor_71s_512.mp4" cache="$target/out/device-pack" ds="$carry/dataset"
	[[ -f "$clip" ]] || { echo "pack: $clip is missing" >&2; exit 66; }
	[[ -f "$bin_tar" ]] || { echo "pack: no $bin_tar yet; run with --bin first" >&2; exit 64; }
	local tools
	tools=$(mktemp -d "${TMPDIR:-/tmp}/edgeavatar-pack-bin.XXXXXX")
	tar -xJf "$bin_tar" -C "$tools"
	if [[ $fresh == 1 || ! -f "$cache/dataset/manifest.json" ]]; then
		rm -rf "$cache/dataset"
		mkdir -p "$cache"
		echo "pack: preparing $clip with the published trainer" >&2
		"$tools/edgeavatar-train" prepare "$clip" -o "$cache/dataset" >&2
	else
		echo "pack: reusing the prepared dataset in $cache/dataset (--fresh re-prepares)" >&2
	fi
	rm -rf "$tools"

	local src="$cache/dataset"
	rm -rf "$ds"
	mkdir -p "$ds"
	# What train reads (TrainingSet.Load): manifest, frames, labels, plate, landmarks, audio features. The reader
	# checks that every file the manifest lists exists, so the ones only prepare's QA and eval use (alpha, face mask,
	# audio.wav, contact sheet, QA video) travel as empty placeholders.
	local read=(manifest.json labels.u8.gz background.png landmarks.f32 audio_features.f32)
	local placeholders=(alpha.u8.gz face_mask.u8.gz audio.wav contact_sheet.png qa.mp4)
	for f in "${read[@]}"; do cp "$src/$f" "$ds/$f"; done
	for f in "${placeholders[@]}"; do : >"$ds/$f"; done
	python3 - "$src/manifest.json" "${read[@]}" "${placeholders[@]}" frames.mkv <<-'PY'
		import json, sys
		files = json.load(open(sys.argv[1]))["files"]
		listed = {v for k, v in files.items() if k != "all"}
		missing = listed - set(sys.argv[2:])
		if missing: sys.exit(f"pack: the manifest lists files this script does not know: {sorted(missing)}")
	PY
	echo "pack: placeholders (empty; train and bake never read them): ${placeholders[*]}" >&2

	local budget try=$crf size
	budget=$(frames_budget)
	echo "pack: frames budget $(mib "$budget") (total budget ${budget_mib} MiB)" >&2
	(( budget > 0 )) || { echo "pack: nothing left for the frames within ${budget_mib} MiB" >&2; exit 65; }
	while :; do
		echo "pack: encoding frames, libx264rgb CRF $try" >&2
		# libx264rgb codes the RGB planes as they are (no YUV matrix, no chroma subsampling): a decoder gives RGB
		# back with no colour-matrix guesswork.
		ffmpeg -v error -nostdin -y -i "$src/frames.mkv" -an -c:v libx264rgb -preset slow -crf "$try" "$ds/frames.mkv"
		size=$(size_of "$ds/frames.mkv")
		echo "pack:   $(mib "$size")" >&2
		(( size <= budget )) && break
		(( try >= 40 )) && { echo "pack: even CRF $try does not fit ${budget_mib} MiB" >&2; exit 65; }
		# About 12 % smaller per CRF step on this clip: jump to the CRF predicted to fit, at least one step.
		try=$(awk -v s="$size" -v b="$budget" -v c="$try" 'BEGIN { d = log(s / b) / log(1.12); n = int(d) + (d > int(d)); if (n < 1) n = 1; print c + n }')
	done
	local psnr
	psnr=$(ffmpeg -nostdin -hide_banner -i "$ds/frames.mkv" -i "$src/frames.mkv" -lavfi "[0:v][1:v]psnr" -f null - 2>&1 \
		| grep -o 'PSNR.*' | tail -n 1)
	echo "pack: frames CRF $try, $(mib "$size"), against the lossless frames: $psnr" >&2
	echo "crf $try; $psnr" >"$carry/dataset.psnr"
}

[[ $do_bin == 1 ]] && publish
[[ $do_gl == 1 ]] && download_debs
[[ $do_dataset == 1 ]] && build_dataset

tree=$(tree_bytes)
total=$tree
printf 'pack: %-28s %s\n' "working tree (tracked + untracked)" "$(mib "$tree")"
for path in .gl .devcarry/bin .devcarry/lib .devcarry/dataset; do
	[[ -e "$target/$path" ]] || { printf 'pack: %-28s missing\n' "$path"; continue; }
	s=$(size_of "$target/$path")
	printf 'pack: %-28s %s\n' "$path" "$(mib "$s")"
done
for path in .gl .devcarry; do
	[[ -e "$target/$path" ]] && total=$(( total + $(size_of "$target/$path") ))
done
printf 'pack: %-28s %s (device limit 64 MiB; budget %s MiB)\n' "total" "$(mib "$total")" "$budget_mib"
[[ -f "$carry/dataset.psnr" ]] && echo "pack: frames re-encode: $(cat "$carry/dataset.psnr")"
echo 'pack: carry list for the device call: [".gl", ".devcarry"]'
(( total <= 64 * 1048576 )) || { echo "pack: over the device's 64 MiB" >&2; exit 65; }
