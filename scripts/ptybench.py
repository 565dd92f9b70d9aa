#!/usr/bin/env python3
"""Whole-process timings of a terminal program, seen as a user sees it.

Starts a command in a pseudo-terminal, feeds its output to a terminal
emulator (pyte), and times how long each step takes until the *screen*
shows what it should: the first frame after start, the frame after a key.
Peak memory comes from the kernel (wait4's ru_maxrss). Every run is a fresh
process; the report gives the median and the spread.

    scripts/ptybench.py --runs 10 --name "folio 100MB" \
        --step "" "Moby Dick" --step G "100%" -- target/release/folio big.txt

A step is KEYS and TEXT: send KEYS (empty: none, time from process start),
then wait until TEXT is on screen. TEXT "~changed" waits for any change;
"A&!B" waits until A shows and B does not.
Keys use Python escapes ("\\x1b" is Esc); KEYS "@sleep 0.3" pauses (a
person's pace) without timing. Needs: pip install pyte.
"""

import argparse
import fcntl
import json
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

import pyte


def run_once(cmd, steps, cols, rows, quit_keys, timeout, fresh_env):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", LESS="", LESSHISTFILE="-")
    for var in fresh_env:
        # A new empty directory per run: no state carried between runs.
        env[var] = tempfile.mkdtemp(prefix="ptybench-")
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
        preexec_fn=lambda: (os.setsid(), fcntl.ioctl(0, termios.TIOCSCTTY, 0)),
        close_fds=True,
    )
    os.close(slave)
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)

    def text():
        return "\n".join(screen.display)

    def pump(deadline):
        r, _, _ = select.select([master], [], [], max(0.0, deadline - time.perf_counter()))
        if r:
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                return False
            stream.feed(data)
        return True

    times = []
    last_sent = start
    for keys, want in steps:
        if keys.startswith("@sleep "):
            # A pause, as a person would take; not timed.
            end = time.perf_counter() + float(keys.split()[1])
            while time.perf_counter() < end:
                pump(end)
            times.append(0.0)
            continue
        before = text()
        if keys == "@same":
            # Timed from when the previous step's keys were sent.
            t0 = last_sent
        elif keys:
            os.write(master, keys.encode().decode("unicode_escape").encode("utf-8"))
            t0 = time.perf_counter()
        else:
            t0 = start
        last_sent = t0
        deadline = t0 + timeout
        while True:
            now_text = text()
            if want == "~changed":
                done = now_text != before
            else:
                # "A&!B": A is on screen and B is not.
                present, _, absent = want.partition("&!")
                done = present in now_text and (not absent or absent not in now_text)
            if done:
                times.append(time.perf_counter() - t0)
                break
            if time.perf_counter() > deadline:
                proc.kill()
                raise SystemExit(f"timeout waiting for {want!r}; screen:\n{now_text}")
            pump(deadline)
    for key in quit_keys.encode().decode("unicode_escape"):
        os.write(master, key.encode("utf-8"))
        settle = time.perf_counter() + 0.1
        while time.perf_counter() < settle:
            pump(settle)
    deadline = time.perf_counter() + timeout
    # wait4 (not Popen.poll, which would reap the child) to read its rusage.
    while True:
        pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.send_signal(signal.SIGTERM)
            time.sleep(2)
            pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == 0:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
            break
        pump(min(deadline, time.perf_counter() + 0.05))
    proc.returncode = 0  # reaped above; keep Popen from waiting again
    os.close(master)
    return times, usage.ru_maxrss  # KiB on Linux


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--rows", type=int, default=30)
    ap.add_argument("--name", default="")
    ap.add_argument("--quit", default="q")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--step", nargs=2, action="append", metavar=("KEYS", "TEXT"), required=True)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--fresh-env", action="append", default=[], metavar="VAR",
                    help="set VAR to a new empty directory for every run")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    per_step = [[] for _ in args.step]
    rss = []
    for _ in range(args.runs):
        times, maxrss = run_once(cmd, args.step, args.cols, args.rows, args.quit, args.timeout, args.fresh_env)
        for i, t in enumerate(times):
            per_step[i].append(t * 1000)
        rss.append(maxrss / 1024)
    result = {"name": args.name or " ".join(cmd), "runs": args.runs, "steps": []}
    for (keys, want), samples in zip(args.step, per_step):
        result["steps"].append({
            "keys": keys, "until": want,
            "median_ms": round(statistics.median(samples), 1),
            "min_ms": round(min(samples), 1), "max_ms": round(max(samples), 1),
        })
    result["peak_rss_mib_median"] = round(statistics.median(rss), 1)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['name']}  ({args.runs} runs, {args.cols}x{args.rows})")
    for s in result["steps"]:
        label = f"start -> {s['until']!r}" if not s["keys"] else f"{s['keys']!r} -> {s['until']!r}"
        print(f"  {label:50} median {s['median_ms']:8.1f} ms  (min {s['min_ms']}, max {s['max_ms']})")
    print(f"  peak RSS median {result['peak_rss_mib_median']} MiB")


if __name__ == "__main__":
    sys.exit(main())
