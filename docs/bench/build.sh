#!/bin/sh
# Full and unchanged builds of a synthetic site, one or more sitrep binaries
# side by side: the figures of the README's Speed section.
#
#   docs/bench/build.sh [INCIDENTS] [RUNS] [BINARY...]   (defaults: 10000 5, this checkout)
#
# Run from the repository root. Without BINARY it builds sitrep from this
# checkout; with several (e.g. one built at an older commit) the runs
# alternate between them so that all see the same machine load. Each run
#   1. builds into an empty folder, its bookkeeping removed too (a first
#      build: "full"), then
#   2. builds again into the same folder, nothing changed, same moment
#      ("again": what a scheduled CI rebuild with a kept output folder pays).
# Output goes to $BENCH_OUT (default: under /dev/shm when it exists, so that
# the disk's speed is left out). It prints every run, then per binary and
# kind min and median of wall seconds, CPU seconds (user + system) and max
# RSS, the output's size and file count, and the load average.
set -eu

incidents=${1:-10000}
runs=${2:-5}
shift $(($# < 2 ? $# : 2))
work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-bench.XXXXXX")
if [ -z "${BENCH_OUT:-}" ]; then
	if [ -d /dev/shm ]; then BENCH_OUT=$(mktemp -d /dev/shm/sitrep-bench.XXXXXX); else BENCH_OUT=$work/out; fi
fi
trap 'rm -rf "$work" "$BENCH_OUT"' EXIT

if [ $# -eq 0 ]; then
	echo "building sitrep" >&2
	go build -o "$work/sitrep" ./cmd/sitrep
	set -- "$work/sitrep"
fi
echo "writing $incidents synthetic incidents" >&2
go run ./cmd/synth -incidents "$incidents" "$work/site" >/dev/null

# run LABEL KIND BINARY OUT: one timed build; prints
# "LABEL/KIND wall cpu maxrss-MB files bytes".
run() {
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$3" build --source "$work/site" --now "2026-11-22 11:00" --out "$4" >/dev/null 2>"$work/log" ||
		{ cat "$work/log" >&2; exit 1; }
	files=$(find "$4" -type f | wc -l)
	bytes=$(du -sb "$4" | cut -f1)
	awk -v n="$1/$2" -v f="$files" -v b="$bytes" '{printf "%s %.2f %.2f %.0f %d %d\n", n, $1, $2+$3, $4/1024, f, b}' "$work/time"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)
i=0
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	b=0
	for bin in "$@"; do
		b=$((b + 1))
		out=$BENCH_OUT/b$b/public
		rm -rf "$BENCH_OUT/b$b"
		mkdir -p "$BENCH_OUT/b$b"
		run "$b" full "$bin" "$out"
		run "$b" again "$bin" "$out"
	done
done | tee "$work/runs"
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)

b=0
for bin in "$@"; do
	b=$((b + 1))
	echo "$b = $bin"
done
awk '
	function sortcol(key, col,   m, i, j, x) {
		m = n[key]
		for (i = 1; i <= m; i++) s[i] = v[key, col, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (s[j] < s[i]) { x = s[i]; s[i] = s[j]; s[j] = x }
		lo = s[1]
		med = (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
	}
	{ k = $1; n[k]++; for (c = 2; c <= 4; c++) v[k, c, n[k]] = $c; files[k] = $5; bytes[k] = $6; order[k] = NR }
	END {
		for (k in n) {
			line = sprintf("%-8s", k)
			sortcol(k, 2); line = line sprintf(" wall min %.2f median %.2f s |", lo, med)
			sortcol(k, 3); line = line sprintf(" CPU min %.2f median %.2f s |", lo, med)
			sortcol(k, 4); line = line sprintf(" max RSS min %d median %d MB |", lo, med)
			print line sprintf(" %d files, %.1f MB", files[k], bytes[k] / 1e6)
		}
	}' "$work/runs" | sort
echo "load average before: $load_before, after: $load_after ($(nproc) cores)"
