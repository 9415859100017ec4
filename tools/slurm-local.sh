#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for `kirchhoff sweep --slurm` and its test:
#   tools/slurm-local.sh start    munge key, slurm.conf, munged, slurmctld, slurmd (as root);
#                                 returns when `sinfo` shows the node idle
#   tools/slurm-local.sh status   the daemons' pids and `sinfo` (exit 0 running, 3 not)
#   tools/slurm-local.sh stop     kills the daemons by the pids they wrote, removes the folder
#   tools/slurm-local.sh env      prints the line to source: export SLURM_CONF=...
# Everything (key, config, state, spool, logs, pid files, munge socket) lives in one folder,
# $KIRCHHOFF_SLURM_DIR (default /tmp/kirchhoff-slurm); nothing under /etc or /var is touched.
# Clients find the cluster through SLURM_CONF=$KIRCHHOFF_SLURM_DIR/slurm.conf (the munge socket
# is named in it). Debian packages: slurm-wlm and munge (tools/deps.sh installs them).
# Ports: $KIRCHHOFF_SLURM_PORT (slurmctld, default 6817) and the next one (slurmd).
set -euo pipefail

dir=${KIRCHHOFF_SLURM_DIR:-/tmp/kirchhoff-slurm}
ctld_port=${KIRCHHOFF_SLURM_PORT:-6817}
slurmd_port=$((ctld_port + 1))
conf=$dir/slurm.conf
socket=$dir/munge/munge.socket
export SLURM_CONF=$conf

die() {
  echo "slurm-local: $*" >&2
  exit 2
}

need_root() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (munged, slurmctld and slurmd run as root and \
slurmd starts jobs as their user); you are $(id -un). Use: sudo $0 $1"
}

need_tools() {
  local t missing=()
  for t in munged slurmctld slurmd sinfo sbatch; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "${missing[*]} not found; install the Debian packages \
slurm-wlm and munge (tools/deps.sh does)"
}

# The pid a daemon wrote, if that process still runs.
live_pid() {
  local file=$dir/$1.pid pid
  [ -s "$file" ] || return 1
  pid=$(cat "$file")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

node_state() {
  sinfo -h -N -o %t 2>/dev/null | head -n1 || true
}

running() {
  live_pid munged >/dev/null && live_pid slurmctld >/dev/null && live_pid slurmd >/dev/null
}

# Kills the daemons by their pid files (slurmd first, munged last), waits up to 10 s each.
kill_daemons() {
  local d pid i
  for d in slurmd slurmctld munged; do
    pid=$(live_pid "$d") || continue
    kill "$pid" 2>/dev/null || true
    for i in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "slurm-local: $d (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}

write_config() {
  local host cpus mem_mb
  host=$(hostname -s)
  cpus=$(nproc)
  # MB of RAM as slurmd counts it (free -m); a node configured with more is drained.
  mem_mb=$(free -m | awk '/^Mem:/ {print $2}')
  cat >"$conf" <<EOF
# Written by tools/slurm-local.sh: a single-node cluster for this host ($host).
ClusterName=kirchhoff-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# Short timers: a test cluster that starts, schedules and stops in seconds.
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
SchedulerParameters=sched_interval=1
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

show_logs() {
  local f
  for f in "$dir"/log/*.log; do
    [ -f "$f" ] || continue
    echo "---- $f (last 20 lines)" >&2
    tail -n 20 "$f" >&2
  done
}

start() {
  need_root start
  need_tools
  if running; then
    if [ "$(node_state)" = idle ] || [ "$(node_state)" = mix ] || [ "$(node_state)" = alloc ]; then
      echo "slurm-local: already running ($dir); export SLURM_CONF=$conf"
      return 0
    fi
  fi
  # A half-started or stale cluster (daemons gone, folder left): start from scratch.
  kill_daemons
  rm -rf "$dir"
  mkdir -p "$dir"/{state,spool,log,munge}
  chmod 0755 "$dir"
  chmod 0700 "$dir"/state "$dir"/spool
  chmod 0755 "$dir"/munge
  # munge key: 1 KiB of random bytes, readable by root only (munged refuses anything looser).
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 0400 "$dir/munge/munge.key"
  write_config
  # --force: /tmp is world-writable (sticky), which munged would otherwise refuse for its socket.
  munged --force --key-file="$dir/munge/munge.key" --socket="$socket" \
    --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" \
    --seed-file="$dir/munge/munged.seed" ||
    { show_logs; die "munged did not start"; }
  slurmctld -i || { show_logs; die "slurmctld did not start"; }
  slurmd || { show_logs; die "slurmd did not start"; }
  local i state=""
  for i in $(seq 300); do
    state=$(node_state)
    [ "$state" = idle ] && break
    sleep 0.1
  done
  if [ "$state" != idle ]; then
    show_logs
    kill_daemons
    die "the node did not become idle within 30 s (sinfo state: '${state:-none}'); logs above"
  fi
  echo "slurm-local: running in $dir (node $(hostname -s), $(nproc) CPUs, partition debug)"
  echo "slurm-local: export SLURM_CONF=$conf"
}

stop() {
  need_root stop
  if [ ! -d "$dir" ]; then
    echo "slurm-local: not running ($dir does not exist)"
    return 0
  fi
  kill_daemons
  rm -rf "$dir"
  echo "slurm-local: stopped; removed $dir"
}

status() {
  local d pid rc=0
  for d in munged slurmctld slurmd; do
    if pid=$(live_pid "$d"); then
      echo "$d: running (pid $pid)"
    else
      echo "$d: not running"
      rc=3
    fi
  done
  if [ $rc -eq 0 ]; then
    echo "SLURM_CONF=$conf"
    sinfo
  fi
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
