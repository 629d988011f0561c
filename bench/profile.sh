#!/usr/bin/env bash
# CPU profile of a whole-corpus run (lint.BenchmarkCorpus), summed per Go
# package, written to bench/profile.txt so that the next change can be
# compared with it (issue 14). Run on a quiet machine:
#   bench/profile.sh            # corpus from ../shared/corpus
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -run '^$' -bench '^BenchmarkCorpus$' -benchtime "${BENCHTIME:-5x}" -cpuprofile "$tmp/cpu.prof" -o "$tmp/lint.test" ./lint/ >"$tmp/bench.txt"
{
  echo "# CPU per package (flat), whole corpus, $(go version | cut -d' ' -f3), $(nproc) CPUs, $(date -u +%Y-%m-%d)"
  echo "# $(grep '^BenchmarkCorpus' "$tmp/bench.txt")"
  go tool pprof -top -nodecount=1000000 "$tmp/lint.test" "$tmp/cpu.prof" 2>/dev/null | awk '
    $1 ~ /s$/ && $2 ~ /%$/ && NF >= 6 {
      v=$1; u=1; if (v ~ /ms$/) {u=0.001; sub(/ms$/,"",v)} else {sub(/s$/,"",v)}
      f=$6; for (k=7; k<=NF; k++) f=f" "$k
      n=split(f, parts, "/"); last=parts[n]; sub(/\..*$/, "", last)
      p=""; for (k=1; k<n; k++) p=p parts[k] "/"; p=p last
      pkg[p]+=v*u; tot+=v*u
    }
    END { for (p in pkg) printf "%6.1f%%  %7.2fs  %s\n", 100*pkg[p]/tot, pkg[p], p }' | sort -rn | head -30
} > bench/profile.txt
cat bench/profile.txt
