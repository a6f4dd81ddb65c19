#!/usr/bin/env bash
# The peer benchmark: verband against the same report done in Python and in R.
#
#   benches/peers/run.sh [N]            # N respondents in an xlsx (default 2000, at most 10,000)
#   benches/peers/run.sh --csv [N]      # the large-file run on a csv (default 1,000,000)
#   options: --runs R (timed runs per tool, default 5; env RUNS)
#            --warmup W (untimed runs first, default 1; env WARMUP)
#   env:     VERBAND (default target/release/verband), WORK (default /tmp/verband-peers),
#            PYTHON (default python3), RSCRIPT (default Rscript)
#
# Every run is timed from outside with GNU time (/usr/bin/time -f '%e %M': wall seconds and
# the peak resident set of the process), so start-up, reading, statistics, charts and writing
# all count, for every tool alike. The table gives the median, min and max wall time over the
# timed runs, the largest peak RSS, and the median's ratio to `verband report`'s (to
# `verband score`'s in --csv mode). A tool that exits non-zero is flagged in the table.
# See benches/README.md for what each peer does and how to install them. CI does not run this.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

mode=xlsx
n=""
runs="${RUNS:-5}"
warmup="${WARMUP:-1}"
while [ $# -gt 0 ]; do
  case "$1" in
    --csv) mode=csv ;;
    --runs) runs="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) n="$1" ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$n" ]; then
  if [ "$mode" = csv ]; then n=1000000; else n=2000; fi
fi
if [ "$mode" = xlsx ] && [ "$n" -gt 10000 ]; then
  echo "run.sh: xlsx runs go up to 10,000 respondents; use --csv for more" >&2
  exit 2
fi

verband="${VERBAND:-$repo/target/release/verband}"
python="${PYTHON:-python3}"
rscript="${RSCRIPT:-Rscript}"
work="${WORK:-/tmp/verband-peers}"
instrument="$repo/instruments/netwerk-effectiviteit.toml"
timer=/usr/bin/time

if [ ! -x "$timer" ]; then
  echo "run.sh: $timer is missing (Debian: apt-get install time)" >&2
  exit 2
fi
have_verband=1
if [ ! -x "$verband" ]; then
  echo "run.sh: no verband binary at $verband (cargo build --release, or set VERBAND); its rows are skipped" >&2
  have_verband=0
fi

mkdir -p "$work"
samples="$work/samples.tsv"   # label, run, wall s, peak KB, exit status
: > "$samples"

# time LABEL CMD...: WARMUP untimed runs, then RUNS timed ones
time_cmd() {
  local label="$1"; shift
  local i rc wall kb
  echo "  $label" >&2
  for ((i = 0; i < warmup; i++)); do "$@" >/dev/null 2>"$work/stderr.txt"; done
  for ((i = 1; i <= runs; i++)); do
    "$timer" -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt"
    rc=$?
    read -r wall kb < <(tail -n 1 "$work/time.txt")
    printf '%s\t%d\t%s\t%s\t%d\n' "$label" "$i" "$wall" "$kb" "$rc" >> "$samples"
    if [ "$rc" -ne 0 ]; then
      echo "    run $i exited $rc: $(tail -n 3 "$work/stderr.txt" | tr '\n' ' ')" >&2
    fi
  done
}

# the markdown table from the samples; BASE is the label the ratio is taken to
table() {
  "$python" - "$samples" "$1" <<'EOF'
import statistics, sys
rows, base = {}, sys.argv[2]
for line in open(sys.argv[1]):
    label, _, wall, kb, rc = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append((float(wall), int(kb), int(rc)))
med = {k: statistics.median(w for w, _, _ in v) for k, v in rows.items()}
print("| tool | median wall s | min | max | peak RSS MB | ratio to verband |")
print("|---|---:|---:|---:|---:|---:|")
for label, v in rows.items():
    walls = [w for w, _, _ in v]
    bad = sum(1 for *_, rc in v if rc != 0)
    ratio = f"{med[label] / med[base]:.1f}×" if base in med and med[base] > 0 else "–"
    note = f" (exit ≠ 0 in {bad} of {len(v)} runs)" if bad else ""
    print(f"| {label}{note} | {med[label]:.2f} | {min(walls):.2f} | {max(walls):.2f} "
          f"| {max(k for _, k, _ in v) / 1024:.0f} | {ratio} |")
EOF
}

header() {
  local v="no verband binary"
  [ $have_verband = 1 ] && v="$("$verband" --version 2>/dev/null | head -n 1)"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
    "${v:-verband};" "$("$python" --version 2>&1);" \
    "$("$rscript" -e 'cat(R.version.string)' 2>/dev/null);" \
    "runs $runs (+$warmup warm-up)"
  echo
}

if [ "$mode" = xlsx ]; then
  data="$work/peers-$n"
  echo "generating $n respondents into $data.xlsx" >&2
  "$python" "$here/generate.py" "$n" --out "$work" --no-csv >/dev/null || exit 1
  echo "timing (each $runs runs after $warmup warm-up):" >&2
  if [ $have_verband = 1 ]; then
    time_cmd "verband report" "$verband" report --instrument "$instrument" \
      --responses "$data.xlsx" --out "$work/out-verband" --quiet
    time_cmd "verband compare --json" "$verband" compare "$data.xlsx" --by actortype \
      --instrument "$instrument" --json
  fi
  time_cmd "Python peer (pandas, scipy, pingouin, matplotlib)" "$python" "$here/peer.py" \
    --instrument "$instrument" --responses "$data.xlsx" --out "$work/out-python"
  time_cmd "R peer (readxl, stats, car, ggplot2)" "$rscript" "$here/peer.R" \
    --instrument "$instrument" --responses "$data.xlsx" --out "$work/out-r"
  time_cmd "floor: python-calamine read only" "$python" -c \
    "import sys; from python_calamine import CalamineWorkbook as W; W.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()" \
    "$data.xlsx"
  header
  echo "$n respondents, $(du -k "$data.xlsx" | cut -f1) KB xlsx ($(basename "$data.xlsx"))"
  echo
  table "verband report"
else
  data="$work/peers-$n.csv"
  echo "generating $n respondents into $data" >&2
  "$python" "$here/generate.py" "$n" --out "$work" --no-xlsx >/dev/null || exit 1
  if [ $have_verband = 0 ]; then
    echo "run.sh: --csv times verband only; build it first" >&2
    exit 2
  fi
  # A million rows are over the default limits (64 MB, 10,000,000 cells): raise them.
  limits=(--max-file-mb 100000 --max-cells 10000000000)
  echo "timing (each $runs runs after $warmup warm-up):" >&2
  time_cmd "verband score" "$verband" score --instrument "$instrument" --responses "$data" \
    "${limits[@]}" --out "$work/scores.csv"
  time_cmd "verband validate" "$verband" validate --instrument "$instrument" --responses "$data" \
    "${limits[@]}"
  time_cmd "verband compare --json" "$verband" compare "$data" --by actortype \
    --instrument "$instrument" "${limits[@]}" --json
  time_cmd "floor: pandas.read_csv only" "$python" -c \
    "import sys, pandas; pandas.read_csv(sys.argv[1])" "$data"
  header
  echo "$n respondents, $(du -m "$data" | cut -f1) MB csv ($(basename "$data"))"
  echo
  table "verband score"
fi
