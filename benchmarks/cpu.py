"""How busy the machine was while a load ran: CPU time of the whole machine,
of each devcloud service (all the processes of its group) and of this
process, read from /proc (Linux), in % of one core."""
import os
import time

from devcloud import lifecycle, processes


class MachineLoad:
    """CPU busy since it was made: all the machine's CPUs, each of devcloud's
    services and this process (the load generator)."""

    def __init__(self, cfg):
        self._pids = {name: processes.running_pid(cfg, name)
                      for name in lifecycle.services(cfg)}
        self._start = self._sample()

    def _sample(self):
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return time.monotonic(), sum(fields) - idle, {
            name: _group_ticks(pid) for name, pid in self._pids.items()} | {
            "load generator": _cpu_ticks(os.getpid())}

    def since_start(self):
        """{"machine": %, service: %, ...}: CPU busy, in % of one core."""
        began, busy, ours = self._start
        now, busy_now, ours_now = self._sample()
        cores = 100 / ((now - began) * os.sysconf("SC_CLK_TCK"))
        return {"machine": round((busy_now - busy) * cores)} | {
            name: round((ours_now[name] - ours[name]) * cores) for name in ours}


def _cpu_ticks(pid):
    """User + system CPU ticks of one process; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0
    return int(fields[11]) + int(fields[12])


def _group_ticks(pid):
    """CPU ticks of a service: every process of the group it was started as
    (a WSGI server's workers, a conductor's worker)."""
    return sum(map(_cpu_ticks, processes.group_pids(pid))) if pid else 0


def cpu_per_page(cpu, seconds, pages):
    """{service: CPU seconds it spent per page view served}."""
    return {name: round(percent / 100 * seconds / max(pages, 1), 3)
            for name, percent in cpu.items() if name != "machine"}


def describe_busy(cpu):
    """The machine's load in words, for the browsing table."""
    ours = sum(v for k, v in cpu.items() if k != "machine")
    parts = ", ".join(f"{k} {v} %" for k, v in cpu.items() if k != "machine")
    return (f"CPU while browsing, in % of one core ({os.cpu_count()} cores): whole machine "
            f"{cpu['machine']} %; {parts}; other work on the machine ~{cpu['machine'] - ours} %")


def load_average():
    """The 1, 5 and 15 minute load averages, rounded for reports."""
    return [round(x, 2) for x in os.getloadavg()]
