#!/usr/bin/env bash
# CPU profile of whole-corpus runs (lint.BenchmarkCorpus), summed per Go
# package, written to bench/profile.txt so that the next change can be
# compared with it (issue 14). Each sample is charged to the innermost
# frame outside Go's standard library (the package that asked for the
# work: a regexp run by BuildKit counts for BuildKit; garbage collection
# with no such frame is "(runtime/GC)"). Run it on a quiet machine:
#   bench/profile.sh            # corpus from ../shared/corpus
#   BENCHTIME=10x bench/profile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -run '^$' -bench '^BenchmarkCorpus$' -benchtime "${BENCHTIME:-5x}" -cpuprofile "$tmp/cpu.prof" -o "$tmp/lint.test" ./lint/ >"$tmp/bench.txt"
{
  echo "# CPU of lint.BenchmarkCorpus per package (innermost non-standard-library frame)"
  echo "# $(go version | cut -d' ' -f3), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# $(grep '^BenchmarkCorpus' "$tmp/bench.txt" | tr -s ' \t' ' ')"
  go tool pprof -traces "$tmp/lint.test" "$tmp/cpu.prof" 2>/dev/null | awk '
    function secs(v) { if (v ~ /ms$/) { sub(/ms$/, "", v); return v / 1000 } if (v ~ /us$/) { sub(/us$/, "", v); return v / 1e6 } sub(/s$/, "", v); return v + 0 }
    function pkgof(f,   n, parts, last, p, k) {
      sub(/\[.*$/, "", f)
      n = split(f, parts, "/"); last = parts[n]; sub(/\..*$/, "", last)
      p = ""; for (k = 1; k < n; k++) p = p parts[k] "/"
      return p last
    }
    function flush() { if (val > 0) { if (who == "") who = "(runtime/GC)"; sum[who] += val; tot += val } val = 0; who = "" }
    /^-+\+-+/ { flush(); next }
    /^ +[0-9.]+(ms|us|s) +/ { flush(); val = secs($1); f = $2 }
    /^ +[^ 0-9]/ && val > 0 { f = $1 }
    { if (val > 0 && who == "" && f != "") { p = pkgof(f); split(p, first, "/"); if (first[1] ~ /\./) who = p } f = "" }
    END { flush(); for (p in sum) printf "%6.1f%%  %7.2fs  %s\n", 100 * sum[p] / tot, sum[p], p }' | sort -rn | head -40
} > bench/profile.txt
cat bench/profile.txt
