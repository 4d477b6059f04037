#!/usr/bin/env bash
# Measures a batch audit side by side with a link checker (muffet) on the same generated web,
# in one sitting, so the ratio means something on a shared machine. Not part of the tests.
#
#   scripts/bench-vs-muffet.sh [ARTICLES] [RUNS]
#
# Environment: MUFFET (path to a muffet binary; default: muffet on PATH), PAGES (a folder of
# real HTML pages for the realistic web; without it only the simple web is measured),
# WEBS (default "simple real"), BINARIES (space-separated NAME=PATH provcheck binaries to
# measure in turn within each run, e.g. "before=./provcheck-old after=./provcheck-new"; default: this tree,
# built).
# For each web it serves the web once (`provcheck bench --serve`), then, RUNS times
# interleaved: muffet walks it recursively from its index page; `provcheck audit` checks every
# article of the same server by host name, as a user would (evidence on, archive look-ups off). It prints wall seconds,
# CPU seconds and peak RSS of each run (GNU time), each audit's wall as a multiple of the muffet
# run before it, and the database size per article.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-3}
muffet=${MUFFET:-muffet}
webs=${WEBS:-simple real}
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -z "${BINARIES:-}" ]; then
  CGO_ENABLED=0 go build -o "$work/provcheck" ./cmd/provcheck
  BINARIES="audit=$work/provcheck"
fi
read -ra binaries <<<"$BINARIES"
server_bin=${binaries[0]#*=}

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err" || true
  read -r wall user sys rss < <(tail -1 "$work/t")
  local ratio=""
  if [ -n "${muffet_wall:-}" ]; then
    ratio=$(printf '  %.2fx muffet' "$(echo "$wall / $muffet_wall" | bc -l)")
  fi
  printf '%-26s wall %6.2fs  cpu %6.2fs  peak RSS %4d MB%s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$ratio"
  last_wall=$wall
}

for web in $webs; do
  args=(--articles "$n" --web "$web")
  if [ "$web" = real ]; then
    [ -n "${PAGES:-}" ] || { echo "== $web: set PAGES to a folder of real pages"; continue; }
    args+=(--pages "$PAGES")
  fi
  "$server_bin" bench "${args[@]}" --serve >"$work/addr" 2>/dev/null &
  server=$!
  for _ in $(seq 100); do [ -s "$work/addr" ] && break; sleep 0.1; done
  base=$(head -1 "$work/addr"); addr=${base#http://}; addr=${addr%/}
  curl -s "$base" | grep -o 'href="/h/[^"]*"' | sed 's|href="/h/|http://|; s|"$||' >"$work/urls"
  resolve=()
  for h in $(sed 's|http://||; s|/.*||' "$work/urls" | sort -u) short.example gone.example $(seq -f 'wire%g.example' 0 19); do
    resolve+=(--resolve "$h:80:$addr")
  done
  echo "== $web web: $(wc -l <"$work/urls") articles served at $base"
  for r in $(seq "$runs"); do
    muffet_wall=""
    measure "muffet #$r" "$muffet" -b 65536 "$base"
    muffet_wall=$last_wall # each audit's wall is also given as a multiple of this run's muffet
    for b in "${binaries[@]}"; do
      rm -rf "$work/db"; mkdir -p "$work/db"
      measure "${b%%=*} #$r" "${b#*=}" audit --urls "$work/urls" "${resolve[@]}" --allow-private --quiet --no-archive --db "$work/db/a.db"
      db=$(cat "$work/db/a.db"* | wc -c); warc=$(du -sb "$work/db/warc" | cut -f1)
      echo "    database $((db / n)) bytes/article, evidence (WARC) $((warc / n)) bytes/article; $(grep -c . "$work/err" || true) lines on stderr"
    done
  done
  kill "$server"; wait "$server" 2>/dev/null || true
done
