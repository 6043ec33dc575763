"""WebSocket benchmark: echo throughput and latency of our codec (`jobhunter serve --echo-endpoint`) against
SwiftNIO's NIOWebSocket and Python `websockets`, same run, same machine, at 512 B, 8 KiB and 1 MiB messages, without
and with permessage-deflate (NIOWebSocket has no compression); then server memory for 10,000 idle authenticated
connections on /ws, without and with compression negotiated.
Usage (after `swift build -c release`): python3 Benchmarks/websocket.py [SECONDS] [SIZES, e.g. 512,8192]
Needs `.venv` with websockets for the Python contender (make test creates it).
"""
import json
import re
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

BUILD = ".build/release"
CONNECTIONS, IDLE = 50, 10_000
SECRET = "benchmark-secret-that-is-at-least-32-bytes"


def start(command, env=None):
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, **(env or {})})
    line = process.stdout.readline()
    # "listening on http://HOST:PORT (database: …)" from jobhunter, "listening on PORT" from the others.
    match = re.search(r"listening on (?:http://[^:]+:)?(\d+)", line)
    port = int(match.group(1))
    return process, port


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def echo(name, command, path, seconds, size, deflate=False, env=None):
    server, port = start(command, env)
    try:
        arguments = [f"{BUILD}/WebSocketLoad", "echo", str(port), path, str(CONNECTIONS), str(seconds), str(size)]
        result = subprocess.run(arguments + (["deflate"] if deflate else []), capture_output=True, text=True)
        if result.returncode != 0:
            print(f"{name:<30} failed: {result.stderr.strip()}")
            return None
        numbers = json.loads(result.stdout)
        print(f"{name:<30} {numbers['messages_per_s']:>10,.0f} msg/s   p50 {numbers['p50_ms']:8.3f} ms   p99 {numbers['p99_ms']:8.3f} ms")
        return numbers
    finally:
        server.terminate()
        server.wait()


def post(port, path, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)


def idle_memory(database, deflate):
    # One user holds every connection: the per-user cap (16 by default) and the connection caps are lifted.
    server, port = start([f"{BUILD}/jobhunter", "serve", "--port", "0", "--db", database, "--max-websockets-per-user", str(IDLE + 10),
                          "--max-connections", str(IDLE + 100), "--max-connections-per-address", str(IDLE + 100)],
                         {"JOBHUNTER_JWT_SECRET": SECRET})
    try:
        account = {"username": "bench", "password": "benchmark password"}
        post(port, "/auth/register", account)
        token = post(port, "/auth/login", account)["token"]
        # One connection first, so lazily built state (the user's conversation, caches) is not counted per connection.
        warm = subprocess.Popen([f"{BUILD}/WebSocketLoad", "idle", str(port), "/ws", "1", token], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        warm.stdout.readline()
        time.sleep(1)
        before = rss_kib(server.pid)
        started = time.monotonic()
        holder = subprocess.Popen([f"{BUILD}/WebSocketLoad", "idle", str(port), "/ws", str(IDLE), token] + (["deflate"] if deflate else []),
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        connected = holder.stdout.readline().strip()
        elapsed = time.monotonic() - started
        time.sleep(2)
        after = rss_kib(server.pid)
        label = "idle, deflate agreed" if deflate else "idle, no compression"
        print(f"{label:<30} {connected} in {elapsed:.1f} s; server RSS {before / 1024:.1f} → {after / 1024:.1f} MiB, "
              f"{(after - before) / IDLE:.1f} KiB per connection")
        holder.stdin.close()
        holder.wait()
        warm.stdin.close()
        warm.wait()
    finally:
        server.terminate()
        server.wait()


def main():
    seconds = sys.argv[1] if len(sys.argv) > 1 else "5"
    sizes = [int(size) for size in (sys.argv[2] if len(sys.argv) > 2 else "512,8192,1048576").split(",")]
    python = ".venv/bin/python" if os.path.exists(".venv/bin/python") else sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        ours_command = [f"{BUILD}/jobhunter", "serve", "--port", "0", "--db", f"{scratch}/echo.sqlite", "--echo-endpoint"]
        for size in sizes:
            print(f"\n{CONNECTIONS} connections, {size:,}-byte text messages, {seconds} s each, closed loop")
            env = {"JOBHUNTER_JWT_SECRET": SECRET}
            # The NIOWebSocket reference runs one event loop; ours is measured with one too (like for like), then with
            # its default of one per core, which on two cores shares them with the load generator's 50 threads.
            ours = echo("jobhunter (ours), 1 loop", ours_command + ["--event-loops", "1"], "/ws/echo", seconds, size, env=env)
            echo("jobhunter (ours), per core", ours_command, "/ws/echo", seconds, size, env=env)
            nio = echo("NIOWebSocket", [f"{BUILD}/NIOEchoServer", "0"], "/", seconds, size)
            echo("Python websockets", [python, "Benchmarks/python_echo_server.py", "0"], "/", seconds, size)
            ours_deflate = echo("jobhunter (ours), deflate", ours_command, "/ws/echo", seconds, size, deflate=True, env=env)
            echo("Python websockets, deflate", [python, "Benchmarks/python_echo_server.py", "0", "deflate"], "/", seconds, size, deflate=True)
            if ours and nio:
                print(f"{'ours / NIOWebSocket, 1 loop':<30} {ours['messages_per_s'] / nio['messages_per_s']:.2f}x throughput")
        print()
        idle_memory(f"{scratch}/idle.sqlite", deflate=False)
        idle_memory(f"{scratch}/idle-deflate.sqlite", deflate=True)


if __name__ == "__main__":
    main()
