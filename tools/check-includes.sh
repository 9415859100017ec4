#!/usr/bin/env bash
# Checks that every library folder includes only the folders it may (docs/architecture.md,
# "The rooms"): its CMake dependencies, directly or through them. Also checks that the folders
# without SystemC include neither <systemc> nor <tlm>. Prints each violation as
# file:line: include, and exits 1 if there is any.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
  [models]=""
  [traces]=""
  [logging]=""
  [protocol]=""
  [config]="models"
  [tiles]="models traces config logging"
  [interconnect]="models traces config logging"
  [chip]="protocol tiles interconnect models traces config logging"
  [workloads]="models config"
  [compiler]="workloads models config"
  [report]="config traces models"
  [baseline]="workloads config models"
  [host]="protocol chip compiler workloads report tiles interconnect models traces config logging"
  [system]="host protocol chip compiler workloads report tiles interconnect models traces config logging"
  [sweep]="config models"
  [app]="baseline sweep system protocol host chip compiler workloads report tiles interconnect models traces config logging"
)
# The one include against the arrows: the network's parameter struct (plain C++, no SystemC) is
# part of the chip configuration.
exceptions="config/chip_config.h:interconnect/noc_params.h config/schema_noc.cpp:interconnect/noc_params.h"
no_systemc="models traces config workloads compiler report sweep baseline"

status=0
for dir in "${!allowed[@]}"; do
  while IFS= read -r hit; do
    [ -n "$hit" ] || continue
    file=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    header=${rest#*\"}
    header=${header%%\"*}
    room=${header%%/*}
    [ "$room" = "$dir" ] && continue
    [ "$room" = "$header" ] && continue  # not a project header
    case " ${allowed[$dir]} " in *" $room "*) continue ;; esac
    case " $exceptions " in *" $file:$header "*) continue ;; esac
    echo "$file:$line: includes $header; $dir/ may include: ${allowed[$dir]:-nothing of the project}"
    status=1
  done < <(grep -rnE '^#include "[a-z_]+/' "$dir" --include='*.h' --include='*.cpp' || true)
done
for dir in $no_systemc; do
  while IFS= read -r hit; do
    [ -n "$hit" ] || continue
    echo "$hit: $dir/ is plain C++ (no SystemC)"
    status=1
  done < <(grep -rnE '^#include <(systemc|tlm)' "$dir" --include='*.h' --include='*.cpp' || true)
done
[ $status -eq 0 ] && echo "includes follow the arrows (${#allowed[@]} folders)"
exit $status
