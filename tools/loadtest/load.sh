#!/usr/bin/env bash
# Bounded load test of a running simulator, loopback only: WORKERS curl loops post /api/device ticks (each with its
# own session) for DURATION seconds (at most 20), then print requests/s, status counts and p50/p99 latency.
# Usage: tools/loadtest/load.sh [http://127.0.0.1:5000] [DURATION=10] [WORKERS=4]
set -euo pipefail
url="${1:-http://127.0.0.1:5000}"
duration="${2:-10}"
workers="${3:-4}"
if [[ ! "$url" =~ ^http://127\.0\.0\.1:[0-9]+/?$ ]]; then
  echo "error: only http://127.0.0.1:PORT targets are allowed; got '$url'" >&2; exit 2
fi
if ! [[ "$duration" =~ ^[0-9]+$ ]] || (( duration < 1 || duration > 20 )); then
  echo "error: DURATION must be 1..20 seconds" >&2; exit 2
fi
if ! [[ "$workers" =~ ^[0-9]+$ ]] || (( workers < 1 || workers > 16 )); then
  echo "error: WORKERS must be 1..16" >&2; exit 2
fi
url="${url%/}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
end=$(( $(date +%s) + duration ))

worker() {
  local n="$1" session="load-$$-$1" t=1000
  while (( $(date +%s) < end )); do
    t=$(( t + 20 ))
    curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
      --data "{\"session\":\"$session\",\"events\":[{\"type\":\"tick\",\"t\":$t}]}" "$url/api/device" >> "$out/w$n" || echo "000 5" >> "$out/w$n"
  done
}

for (( i = 0; i < workers; i++ )); do worker "$i" & done
wait
cat "$out"/w* > "$out/all"
total=$(wc -l < "$out/all")
echo "target $url, $workers workers, $duration s: $total requests, $(awk -v n="$total" -v d="$duration" 'BEGIN { printf "%.0f", n / d }') requests/s"
echo "status counts:"; awk '{ print "  " $1 }' "$out/all" | sort | uniq -c
awk '{ print $2 * 1000 }' "$out/all" | sort -n > "$out/ms"
p() { awk -v q="$1" '{ v[NR] = $1 } END { i = int(NR * q); if (i < 1) i = 1; printf "%.1f", v[i] }' "$out/ms"; }
echo "latency ms: p50 $(p 0.50), p99 $(p 0.99), max $(tail -1 "$out/ms")"
