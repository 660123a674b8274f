#!/usr/bin/env python3
"""consolepty.py: run a command on a new pseudo-terminal and script it.

Used by consoletest.sh to drive "virsh console" as a person at a terminal
would.  Usage:

  consolepty.py [--timeout S] [--log FILE] STEP... -- COMMAND ARG...

Steps, in order:
  expect=REGEX   wait until the output so far matches REGEX (Python re,
                 DOTALL); fail after the time-out
  send=TEXT      type TEXT (Python escapes: \\r, \\x1d for ^])
  mark=FILE      create FILE (tells a parallel script "got this far")
  wait=FILE      wait until FILE exists (another script got that far)
  sleep=SECONDS  read the output for SECONDS
  kill=SIGNAL    send SIGNAL (TERM, HUP, ...) to the command
  exit=CODE      wait for the command to exit with CODE, then check that
                 the terminal's settings are those it started with

The terminal starts in the usual cooked mode (echo, canonical input), as
an interactive shell leaves it.  Exit status 0 when every step passed;
otherwise 1, with the reason and the transcript on stderr.
"""

import codecs
import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import time


def main(argv):
    timeout = 60.0
    log = None
    steps = []
    while argv and argv[0] != "--":
        arg = argv.pop(0)
        if arg == "--timeout":
            timeout = float(argv.pop(0))
        elif arg == "--log":
            log = argv.pop(0)
        else:
            key, _, value = arg.partition("=")
            if key not in ("expect", "send", "mark", "wait", "sleep", "kill", "exit"):
                sys.exit(f"consolepty: unknown step '{arg}'")
            steps.append((key, value))
    if not argv or len(argv) < 2:
        sys.exit("consolepty: usage: consolepty.py STEP... -- COMMAND ARG...")
    command = argv[1:]

    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave,
                             start_new_session=True, close_fds=True)
    out = bytearray()

    def transcript():
        text = out.decode("utf-8", "replace")
        if log:
            with open(log, "w", encoding="utf-8") as f:
                f.write(text)
        return text

    def fail(why):
        sys.stderr.write(f"consolepty: {why}\n--- transcript ---\n{transcript()!r}\n")
        if child.poll() is None:
            child.kill()
        return 1

    def pump(seconds):
        """Read what the command writes for up to @seconds."""
        ready, _, _ = select.select([master], [], [], seconds)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            out.extend(data)
            return bool(data)
        return True

    for key, value in steps:
        deadline = time.monotonic() + timeout
        if key == "expect":
            pattern = re.compile(value.encode(), re.DOTALL)
            while not pattern.search(out):
                if time.monotonic() > deadline:
                    return fail(f"no match for {value!r} within {timeout} s")
                if not pump(0.2) and child.poll() is not None:
                    return fail(f"exited ({child.returncode}) before {value!r}")
        elif key == "send":
            data = codecs.decode(value, "unicode_escape").encode("latin-1")
            os.write(master, data)
        elif key == "mark":
            with open(value, "w", encoding="utf-8"):
                pass
        elif key == "wait":
            while not os.path.exists(value):
                if time.monotonic() > deadline:
                    return fail(f"no {value} within {timeout} s")
                pump(0.2)
        elif key == "sleep":
            end = time.monotonic() + float(value)
            while time.monotonic() < end:
                pump(0.1)
        elif key == "kill":
            child.send_signal(getattr(signal, "SIG" + value))
        elif key == "exit":
            while child.poll() is None:
                if time.monotonic() > deadline:
                    return fail(f"still running after {timeout} s")
                pump(0.2)
            while pump(0.1) and select.select([master], [], [], 0)[0]:
                pass
            if child.returncode != int(value):
                return fail(f"exit status {child.returncode}, wanted {value}")
            after = termios.tcgetattr(slave)
            if after != before:
                return fail(f"terminal left changed: {after} (was {before})")
    transcript()
    if child.poll() is None:
        child.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
