#!/usr/bin/env bash
# Bounded load test of a running simulator, loopback only: WORKERS curl loops post /api/device ticks (each with its
# own session) for DURATION seconds (at most 20), then print requests/s, status counts and p50/p99 latency.
# HOLD > 0 first opens HOLD idle keep-alive connections (one request each, answer never read) and HOLD half-sent
# requests (headers never finished) and keeps them open during the run: the issue's socket attack beside the load.
# Usage: tools/loadtest/load.sh [http://127.0.0.1:5000] [DURATION=10] [WORKERS=4] [HOLD=0]
set -euo pipefail
url="${1:-http://127.0.0.1:5000}"
duration="${2:-10}"
workers="${3:-4}"
hold="${4:-0}"
if [[ ! "$url" =~ ^http://127\.0\.0\.1:([0-9]+)/?$ ]]; then
  echo "error: only http://127.0.0.1:PORT targets are allowed; got '$url'" >&2; exit 2
fi
port="${BASH_REMATCH[1]}"
if ! [[ "$hold" =~ ^[0-9]+$ ]] || (( hold > 200 )); then
  echo "error: HOLD must be 0..200" >&2; exit 2
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

# A server that turns a held socket away closes it: writing to it then must not kill the script (SIGPIPE).
held=()
trap '' PIPE
hold_socket() {  # $1: what to send; adds the socket to held on success
  local fd
  exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 0
  if printf '%b' "$1" >&"$fd" 2>/dev/null; then held+=("$fd"); else exec {fd}>&-; fi
}
for (( i = 0; i < hold; i++ )); do
  hold_socket 'GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
  hold_socket 'GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n'
done
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
for fd in "${held[@]}"; do exec {fd}>&- 2>/dev/null || true; done
if (( hold > 0 )); then
  echo "held from the start: $hold idle keep-alive connections + $hold half-sent requests (${#held[@]} of $(( 2 * hold )) opened and written)"
fi
echo "target $url, $workers workers, $duration s: $total requests, $(awk -v n="$total" -v d="$duration" 'BEGIN { printf "%.0f", n / d }') requests/s"
echo "status counts:"; awk '{ print "  " $1 }' "$out/all" | sort | uniq -c
awk '{ print $2 * 1000 }' "$out/all" | sort -n > "$out/ms"
p() { awk -v q="$1" '{ v[NR] = $1 } END { i = int(NR * q); if (i < 1) i = 1; printf "%.1f", v[i] }' "$out/ms"; }
echo "latency ms: p50 $(p 0.50), p99 $(p 0.99), max $(tail -1 "$out/ms")"
