#!/usr/bin/env bash
# Fleet benchmark: N node snapshots (every bundled fixture node, cycled and
# renamed; N=1000 by default) scanned in one dcos-audit process, against one
# conftest call over the same files with the same Rego policies. Prints wall
# times, peak RSS and the ratio. Not a test: timings never gate CI.
#
# conftest is not a CI dependency; install it with
#   go install github.com/open-policy-agent/conftest@v0.71.1
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make -s build
bin=bin/dcos-audit
mkdir -p "$work/seed" "$work/fleet"
for root in testdata/fixtures/*/root; do
	name=$(basename "$(dirname "$root")")
	$bin gather --root "$root" --output "$work/seed/$name.json" 2>/dev/null || true
done
seeds=("$work"/seed/*.json)
for i in $(seq "$n"); do
	seed=${seeds[$(((i - 1) % ${#seeds[@]}))]}
	# A hostname of its own per node, so the cluster has no duplicates.
	sed "0,/\"hostname\": \"[^\"]*\"/s//\"hostname\": \"node-$i\"/" "$seed" >"$work/fleet/node-$(printf %05d "$i").json"
done
echo "$n snapshots from ${#seeds[@]} fixture nodes"

. scripts/conftest-policies.sh
conftest_policies "$work"

# timed LABEL CMD...: wall seconds and peak RSS of one run, appended to
# LABEL's records.
timed() {
	local label=$1 t0 t1
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo "$((t1 - t0)) $(tail -1 "$work/rss")" >>"$work/$label.runs"
}

# median LABEL: the median run of LABEL's records, as "ns KiB".
median() { sort -n "$work/$1.runs" | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }

show() {
	read -r ns kib <<<"$(median "$1")"
	printf '%-40s %8.2f s  %6s MiB peak RSS\n' "$1" "$(awk -v d="$ns" 'BEGIN {print d / 1e9}')" "$((kib / 1024))"
}

if [ ! -x /usr/bin/time ]; then
	echo "/usr/bin/time not found (apt-get install time): needed for peak RSS" >&2
	exit 1
fi
# Interleaved runs (RUNS, 3 by default), medians: the speed of a shared
# machine drifts from minute to minute.
have_conftest=$(command -v conftest || true)
for _ in $(seq "${RUNS:-3}"); do
	timed dcos-audit $bin scan --snapshot "$work/fleet" --format json=/dev/null --fail-on none
	if [ -n "$have_conftest" ]; then
		timed conftest conftest test --no-color --policy "$work/policy" --data "$work/data" --namespace main "$work"/fleet/*.json
	fi
done
echo "medians of ${RUNS:-3} interleaved runs:"
show dcos-audit
if [ -n "$have_conftest" ]; then
	show conftest
	echo "ratio dcos-audit / conftest: $(awk -v a="$(median dcos-audit)" -v b="$(median conftest)" 'BEGIN {split(a, x, " "); split(b, y, " "); printf "%.2f", x[1] / y[1]}')"
else
	echo "conftest not found: go install github.com/open-policy-agent/conftest@v0.71.1"
fi
