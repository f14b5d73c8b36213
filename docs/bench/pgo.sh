#!/bin/sh
# Writes cmd/sitrep/default.pgo, the CPU profile the Go toolchain uses to
# optimise sitrep (profile-guided optimisation: `go build`, `go install`
# and `go run` of ./cmd/sitrep pick it up by themselves).
#
#   docs/bench/pgo.sh
#
# Run from the repository root. The profile is of the work that pays for
# itself: a full build of a 10,000-incident site into an empty folder, a
# build again with nothing changed, and `sitrep serve` rebuilding after a
# save (the benchmarks BenchmarkBuildEmpty10000,
# BenchmarkRebuildUnchanged10000 and BenchmarkSave10000), merged. A profile
# older than the code still helps (the compiler matches functions by name
# and line offset and ignores what it cannot place); run this again after
# large changes to the build's hot paths, and commit the result.
set -eu

work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-pgo.XXXXXX")
trap 'rm -rf "$work"' EXIT

go test ./generator/buildcache -run '^$' -bench 'BuildEmpty10000|RebuildUnchanged10000' -benchtime 8x -o "$work/buildcache.test" -cpuprofile "$work/build.pprof" >&2
go test ./generator/serve -run '^$' -bench 'BenchmarkSave10000$' -benchtime 8x -o "$work/serve.test" -cpuprofile "$work/serve.pprof" >&2
go tool pprof -proto "$work/build.pprof" "$work/serve.pprof" >cmd/sitrep/default.pgo
echo "wrote cmd/sitrep/default.pgo ($(wc -c <cmd/sitrep/default.pgo) bytes)" >&2
