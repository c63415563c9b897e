"""devcloud command line: start | stop | status | demo.

    python -m devcloud start    start everything in the background, return when all answer
    python -m devcloud stop     stop what devcloud started (by PID), nothing else
    python -m devcloud status   what runs, where, its processes and memory

DEVCLOUD_PROFILE=production runs the shape clouds run (see devcloud/config.py).
    python -m devcloud demo     start, print the logins, stay in the foreground until Ctrl-C
"""
import argparse
import signal
import sys
import time

from devcloud import processes
from devcloud.config import Config
from devcloud.lifecycle import describe, start, status, stop


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m devcloud", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("start", "stop", "status", "demo"))
    args = parser.parse_args(argv)
    cfg = Config.from_env()
    try:
        if args.command == "stop":
            stopped = stop(cfg)
            print("stopped: " + (", ".join(stopped) if stopped else "nothing was running"))
        elif args.command == "status":
            rows = status(cfg)
            print(f"profile: {cfg.profile}")
            for name, row in rows.items():
                state = (f"pid {row['pid']}, {row['processes']} process"
                         f"{'es' if row['processes'] != 1 else ''}, {row['rss_mib']} MiB"
                         if row["pid"] else "stopped")
                port = f":{row['port']}" if row["port"] else "-"
                print(f"{name:18} {port:<7} {state}")
            return 0 if all(r["pid"] for r in rows.values()) else 3
        else:
            timings = start(cfg)
            print(f"devcloud is up in {timings['total']} s\n{describe(cfg)}", flush=True)
            if args.command == "demo":
                _stay_until_interrupted(cfg)
    except processes.StartError as exc:
        print(f"devcloud: {exc}", file=sys.stderr)
        return 1
    return 0


def _stay_until_interrupted(cfg):
    print("Press Ctrl-C to stop devcloud.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        print("\nstopping: " + ", ".join(stop(cfg)))


if __name__ == "__main__":
    sys.exit(main())
