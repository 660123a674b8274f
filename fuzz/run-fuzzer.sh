#!/bin/sh
# Run a libFuzzer target briefly: run-fuzzer.sh FUZZER WORKDIR SEEDDIR [DICT]
# New inputs go to WORKDIR (in the build tree), never to the seed corpus in
# the source tree.  Any crash, leak or fixed-point violation fails.
set -eu
fuzzer=$1
work=$2
seeds=$3
dict=${4:-}
seconds=${FUZZ_SECONDS:-20}

mkdir -p "$work/corpus" "$work/artifacts"
set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$work/artifacts/"
[ -n "$dict" ] && set -- "$@" -dict="$dict"
# libFuzzer reports a crash with exit status 77 by default, which meson would
# count as a skip: make every finding a failure.
set -- "$@" -error_exitcode=1
exec "$fuzzer" "$@" "$work/corpus" "$seeds"
