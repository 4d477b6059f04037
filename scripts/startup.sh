#!/usr/bin/env bash
# Measures start-up: the median wall time of N runs (default 20) of commands that need no
# network or database, and the slowest package initialisations (GODEBUG=inittrace=1).
# Not part of the tests.
#
#   scripts/startup.sh [BINARY] [N]
#
# Without BINARY it builds ./cmd/provcheck first.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
n=${2:-20}
if [ -z "$bin" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  CGO_ENABLED=0 go build -o "$work/provcheck" ./cmd/provcheck
  bin=$work/provcheck
fi

median() { # command...: prints the median wall milliseconds of n runs
  local times=() start end
  for _ in $(seq "$n"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f ms (min %.1f, max %.1f)\n", m/1000, a[1]/1000, a[NR]/1000}'
}

echo "provcheck rules list: median of $n: $(median "$bin" rules list)"
echo "provcheck --help:     median of $n: $(median "$bin" --help)"
echo "slowest package initialisations (one run):"
GODEBUG=inittrace=1 "$bin" rules list 2>&1 >/dev/null | awk '/^init /{print $5, $6, $2}' | sort -rn | head -5
