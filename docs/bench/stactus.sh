#!/bin/sh
# Paired full-build comparison of sitrep and stactus (github.com/slok/stactus,
# a Go status-page generator) on the same synthetic incidents.
#
#   docs/bench/stactus.sh [INCIDENTS] [RUNS]        (defaults: 10000 5)
#
# Run from the repository root. It builds sitrep from this checkout and
# stactus from a fresh clone of its public repository (STACTUS_REPO to use
# another URL or a local path, STACTUS_REF for a commit), writes a synthetic
# site with cmd/synth, converts its incidents to stactus's format
# (stactus-input.go) and then, RUNS times, builds each site into an empty
# folder, alternating the two tools so that both see the same machine load.
# Output goes to $BENCH_OUT (default: a folder under /dev/shm when it exists,
# so that the disk's speed is left out; set BENCH_OUT=/tmp/… to include it).
# It prints each run, then min and median of wall and CPU seconds, the
# ratio of the medians, output size and file count, and the load average.
set -eu

incidents=${1:-10000}
runs=${2:-5}
repo=${STACTUS_REPO:-https://github.com/slok/stactus}
work=$(mktemp -d "${TMPDIR:-/tmp}/stactus-bench.XXXXXX")
if [ -z "${BENCH_OUT:-}" ]; then
	if [ -d /dev/shm ]; then BENCH_OUT=$(mktemp -d /dev/shm/stactus-bench.XXXXXX); else BENCH_OUT=$work/out; fi
fi
trap 'rm -rf "$work" "$BENCH_OUT"' EXIT

echo "building sitrep and stactus ($repo${STACTUS_REF:+ @ $STACTUS_REF})" >&2
go build -o "$work/sitrep" ./cmd/sitrep
git clone -q "$repo" "$work/stactus-src"
if [ -n "${STACTUS_REF:-}" ]; then git -C "$work/stactus-src" checkout -q "$STACTUS_REF"; fi
(cd "$work/stactus-src" && go build -o "$work/stactus" ./cmd/stactus)

echo "writing $incidents synthetic incidents" >&2
go run ./cmd/synth -incidents "$incidents" "$work/site"
go run ./docs/bench/stactus-input.go "$work/site" "$work/stactus-site"

# run NAME CMD…: one timed build into an empty $BENCH_OUT/NAME; prints
# "NAME wall cpu files bytes".
run() {
	name=$1
	shift
	# sitrep keeps its bookkeeping beside the output folder (.NAME.sitrep);
	# without it the build starts from nothing, as a first build does.
	rm -rf "${BENCH_OUT:?}/$name" "${BENCH_OUT:?}/.$name.sitrep"
	/usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/log" || { cat "$work/log" >&2; exit 1; }
	files=$(find "$BENCH_OUT/$name" -type f | wc -l)
	bytes=$(du -sb "$BENCH_OUT/$name" | cut -f1)
	awk -v n="$name" -v f="$files" -v b="$bytes" '{printf "%s %.2f %.2f %d %d\n", n, $1, $2+$3, f, b}' "$work/time"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)
i=0
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	run sitrep "$work/sitrep" build --source "$work/site" --now "2026-11-22 11:00" --out "$BENCH_OUT/sitrep"
	run stactus "$work/stactus" generate -i "$work/stactus-site/stactus.yaml" -o "$BENCH_OUT/stactus"
done | tee "$work/runs"
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)

# Min and median per tool, then the ratio of the medians.
sort -k1,1 -k2,2n "$work/runs" | awk -v runs="$runs" '
	{ n[$1]++; wall[$1, n[$1]] = $2; cpu[$1, n[$1]] = $3; files[$1] = $4; bytes[$1] = $5 }
	function med(a, t,   k, m) { m = n[t]; k = int((m + 1) / 2); return (m % 2) ? a[t, k] : (a[t, k] + a[t, k + 1]) / 2 }
	END {
		for (t in n) {
			# cpu needs its own sort
			m = n[t]
			for (i = 1; i <= m; i++) c[i] = cpu[t, i]
			for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (c[j] < c[i]) { x = c[i]; c[i] = c[j]; c[j] = x }
			for (i = 1; i <= m; i++) cs[t, i] = c[i]
			mw[t] = med(wall, t); mc[t] = med(cs, t)
			printf "%-8s wall min %.2f median %.2f s | CPU min %.2f median %.2f s | %d files, %.1f MB\n", t, wall[t, 1], mw[t], cs[t, 1], mc[t], files[t], bytes[t] / 1e6
		}
		if (mw["sitrep"] > 0 && mc["sitrep"] > 0)
			printf "stactus / sitrep, medians: wall %.2f×, CPU %.2f×\n", mw["stactus"] / mw["sitrep"], mc["stactus"] / mc["sitrep"]
	}'
echo "load average before: $load_before, after: $load_after ($(nproc) cores)"
