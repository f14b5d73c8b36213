#!/bin/sh
# A full build onto a disk's file system, each run on a fresh one, beside
# `cp -r` of the same files: the "on disk" figures of the README's Speed
# section.
#
#   sudo docs/bench/disk.sh [INCIDENTS] [RUNS]   (defaults: 10000 5)
#
# Run from the repository root, as root: each run makes a new ext4 file
# system in an image file under $DISK_DIR (default: /var/tmp, which must
# be on the disk to measure), mounts it through a loop device, builds
# into it (then again, nothing changed), and then copies the output onto
# another fresh one with cp -r. A fresh file system keeps what earlier
# runs created and deleted from slowing the next: on a file system that
# has seen hundreds of thousands of files come and go, creating 10,000
# folders can take ten times as long, for cp as much as for sitrep.
set -eu

incidents=${1:-10000}
runs=${2:-5}
dir=${DISK_DIR:-/var/tmp}
if [ "$(id -u)" != 0 ]; then
	echo "disk.sh makes and mounts file systems: run it as root" >&2
	exit 2
fi
work=$(mktemp -d "$dir/sitrep-disk.XXXXXX")
img=$work/ext4.img
mnt=$work/mnt
mkdir "$mnt"
trap 'umount "$mnt" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "building sitrep; writing $incidents synthetic incidents" >&2
go build -o "$work/sitrep" ./cmd/sitrep
go run ./cmd/synth -incidents "$incidents" "$work/site" >/dev/null

fresh() {
	umount "$mnt" 2>/dev/null || true
	rm -f "$img"
	truncate -s 4G "$img"
	mkfs.ext4 -q -F "$img"
	mount -o loop "$img" "$mnt"
	sync
}

# timed LABEL CMD...: prints "LABEL wall cpu".
timed() {
	label=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/log" || { cat "$work/log" >&2; exit 1; }
	awk -v n="$label" '{printf "%s %.2f %.2f\n", n, $1, $2+$3}' "$work/time"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
i=0
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	fresh
	timed full "$work/sitrep" build --source "$work/site" --now "2026-11-22 11:00" --out "$mnt/site/public"
	timed again "$work/sitrep" build --source "$work/site" --now "2026-11-22 11:00" --out "$mnt/site/public"
	rm -rf "$work/copy"
	cp -r "$mnt/site/public" "$work/copy"
	fresh
	timed cp cp -r "$work/copy" "$mnt/copy"
done | tee "$work/runs"

sort -k2 -n "$work/runs" | awk '
	{ k = $1; n[k]++; w[k, n[k]] = $2; c[k, n[k]] = $3 }
	function median(a, k, m,   i, j, x, s) {
		for (i = 1; i <= m; i++) s[i] = a[k, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (s[j] < s[i]) { x = s[i]; s[i] = s[j]; s[j] = x }
		lo = s[1]
		return (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
	}
	END {
		for (k in n) {
			mw = median(w, k, n[k]); lw = lo
			mc = median(c, k, n[k]); lc = lo
			printf "%-6s wall min %.2f median %.2f s | CPU min %.2f median %.2f s\n", k, lw, mw, lc, mc
		}
	}' | sort
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
