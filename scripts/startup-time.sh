#!/usr/bin/env bash
# Measures the time from process start to the first 200 on /healthz, on
# SQLite, for an existing database and for a first start that loads the demo.
# Usage: scripts/startup-time.sh [runs]   (needs bin/parcours: make build)
set -euo pipefail
runs=${1:-10}
bin=${BIN:-bin/parcours}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
port=18731

measure() { # $1: extra flags
  local start end
  start=$(date +%s%N)
  "$bin" serve --data-dir "$dir/data" --addr 127.0.0.1:$port $1 >/dev/null 2>&1 &
  local pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; do sleep 0.002; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

first=()
again=()
for _ in $(seq "$runs"); do
  rm -rf "$dir/data"
  first+=("$(measure --demo)")
  again+=("$(measure "")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "first start with demo load: median $(median "${first[@]}") ms (runs: ${first[*]})"
echo "start on existing database: median $(median "${again[@]}") ms (runs: ${again[*]})"
echo "binary size: $(stat -c %s "$bin") bytes"
