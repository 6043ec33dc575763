#!/usr/bin/env python3
"""Time to first prompt of `jobhunter chat` on a real pseudo-terminal, and time to the first reply.

Usage: python3 Benchmarks/startup.py [path/to/jobhunter] [runs]
The prompt is printed only on a terminal, so this runs the binary under a pty like a person would.
"""
import os, pty, resource, select, statistics, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/jobhunter"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
PROMPT = "you› ".encode()


def read_until(fd, needle, deadline):
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if needle in seen:
                return seen
    raise TimeoutError(f"did not see {needle!r}; got {seen[-300:]!r}")


def one_run(db):
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["NO_COLOR"] = "1"
        os.execv(binary, [binary, "chat", "--user", "bench", "--db", db])
    read_until(fd, PROMPT, start + 10)
    first_prompt = time.monotonic() - start
    sent = time.monotonic()
    os.write(fd, b"show my profile\r")
    read_until(fd, b"profile", sent + 10)
    read_until(fd, PROMPT, sent + 10)
    first_reply = time.monotonic() - sent
    os.write(fd, b"/quit\r")
    _, status, usage = os.wait4(pid, 0)
    os.close(fd)
    return first_prompt * 1000, first_reply * 1000, usage.ru_maxrss / 1024


with tempfile.TemporaryDirectory() as folder:
    db = os.path.join(folder, "bench.sqlite")
    one_run(db)  # warm the page cache and create the database
    results = [one_run(db) for _ in range(runs)]
prompts = sorted(r[0] for r in results)
replies = sorted(r[1] for r in results)
rss = max(r[2] for r in results)
print(f"jobhunter chat on a pty, {runs} runs ({binary})")
print(f"  time to first prompt  p50 {statistics.median(prompts):7.1f} ms  min {prompts[0]:7.1f}  max {prompts[-1]:7.1f}")
print(f"  first reply (incl. background model load)  p50 {statistics.median(replies):7.1f} ms  max {replies[-1]:7.1f}")
print(f"  peak resident memory  {rss:7.1f} MB")
