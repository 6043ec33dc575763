"""WebSocket benchmark: echo throughput and latency of our codec (`jobhunter serve --echo-endpoint`) against
SwiftNIO's NIOWebSocket and Python `websockets`, same run, same machine; then server memory for 10,000 idle
authenticated connections. Usage (after `swift build -c release`): python3 Benchmarks/websocket.py [SECONDS]
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
CONNECTIONS, SIZE, IDLE = 50, 512, 10_000
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


def echo(name, command, path, seconds, env=None):
    server, port = start(command, env)
    try:
        result = subprocess.run([f"{BUILD}/WebSocketLoad", "echo", str(port), path, str(CONNECTIONS), str(seconds), str(SIZE)],
                                capture_output=True, text=True, check=True)
        numbers = json.loads(result.stdout)
        print(f"{name:<22} {numbers['messages_per_s']:>10,.0f} msg/s   p50 {numbers['p50_ms']:.3f} ms   p99 {numbers['p99_ms']:.3f} ms")
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


def idle_memory(database):
    server, port = start([f"{BUILD}/jobhunter", "serve", "--port", "0", "--db", database], {"JOBHUNTER_JWT_SECRET": SECRET})
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
        holder = subprocess.Popen([f"{BUILD}/WebSocketLoad", "idle", str(port), "/ws", str(IDLE), token], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        connected = holder.stdout.readline().strip()
        elapsed = time.monotonic() - started
        time.sleep(2)
        after = rss_kib(server.pid)
        print(f"idle connections       {connected} in {elapsed:.1f} s; server RSS {before / 1024:.1f} → {after / 1024:.1f} MiB, "
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
    print(f"{CONNECTIONS} connections, {SIZE}-byte text messages, {seconds} s each, closed loop")
    with tempfile.TemporaryDirectory() as scratch:
        ours = echo("jobhunter (ours)", [f"{BUILD}/jobhunter", "serve", "--port", "0", "--db", f"{scratch}/echo.sqlite", "--echo-endpoint"],
                    "/ws/echo", seconds, {"JOBHUNTER_JWT_SECRET": SECRET})
        nio = echo("NIOWebSocket", [f"{BUILD}/NIOEchoServer", "0"], "/", seconds)
        python = ".venv/bin/python" if os.path.exists(".venv/bin/python") else sys.executable
        echo("Python websockets", [python, "Benchmarks/python_echo_server.py", "0"], "/", seconds)
        print(f"ours / NIOWebSocket    {ours['messages_per_s'] / nio['messages_per_s'] * 100:.0f} % of throughput")
        idle_memory(f"{scratch}/idle.sqlite")


if __name__ == "__main__":
    main()
