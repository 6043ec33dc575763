"""Scale-out benchmark: chat turns per second and latency through nginx (deploy/nginx.conf) with one and with
two `jobhunter serve` instances on one PostgreSQL, offline model, same corpus and load.

Usage: .venv/bin/python Benchmarks/scaleout.py [.build/release/jobhunter]
Needs postgresql and nginx (make test-deps) and websockets in .venv. Starts its own throwaway PostgreSQL
(scripts/test-postgres.sh), instances and nginx on 127.0.0.1, and stops them.
"""
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

from websockets.sync.client import connect

USERS = 16
# Turns per user: 100, or SCALEOUT_TURNS. A build without --turns-per-minute refuses turns past its per-user burst
# (20), so compare such a build with SCALEOUT_TURNS=20.
TURNS = int(os.environ.get("SCALEOUT_TURNS", "100"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(port, path, body, token=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def start_instance(binary, url):
    env = {**os.environ, "JOBHUNTER_JWT_SECRET": "scaleout-benchmark-secret-at-least-32-bytes", "OPENAI_API_KEY": ""}
    # The per-user turn limit would refuse most of a closed loop; the benchmark measures turns, not refusals.
    help_text = subprocess.run([binary, "serve", "--help"], capture_output=True, text=True).stdout
    unlimited = ["--turns-per-minute", "1000000"] if "--turns-per-minute" in help_text else []
    process = subprocess.Popen([binary, "serve", "--port", "0", "--database-url", url, "--offline"] + unlimited,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    line = process.stdout.readline()
    return process, int(re.search(r"listening on http://[^:]+:(\d+)", line).group(1))


def start_nginx(upstreams, folder):
    with open(os.path.join(ROOT, "deploy/nginx.conf")) as source:
        config = source.read()
    port = free_port()
    config = config.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
    config = config.replace("server 127.0.0.1:8081 ", f"server 127.0.0.1:{upstreams[0]} ")
    config = config.replace("server 127.0.0.1:8082 ", f"server 127.0.0.1:{upstreams[-1]} ")
    path = os.path.join(folder, "nginx.conf")
    with open(path, "w") as target:
        target.write(config)
    os.chmod(folder, 0o755)
    process = subprocess.Popen(["nginx", "-p", folder, "-c", path, "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return process, port


def cpu_seconds(names):
    """CPU time (user + system) used so far by every process whose command name is in `names`."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)
                name = fields[0].split("(", 1)[1]
                values = fields[1].split()
            if name in names:
                total += (int(values[11]) + int(values[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return total


def client(port, token, latencies, errors):
    with connect(f"ws://127.0.0.1:{port}/ws", additional_headers={"Authorization": "Bearer " + token}) as ws:
        for turn in range(TURNS):
            started = time.perf_counter()
            ws.send(json.dumps({"type": "message", "text": "show my profile" if turn % 2 else "add Rust to my skills"}))
            while True:
                event = json.loads(ws.recv(timeout=60))
                if event.get("origin"):
                    continue
                if event["type"] in ("final", "error"):
                    break
            if event["type"] == "error":
                errors.append(event["message"])
            latencies.append((time.perf_counter() - started) * 1000)


def run(binary, base_url, instances):
    name = "jh_bench_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    url = base_url.rsplit("/", 1)[0] + "/" + name
    servers = [start_instance(binary, url) for _ in range(instances)]
    folder = tempfile.mkdtemp(prefix="jobhunter-nginx-")
    nginx, port = start_nginx([p for _, p in servers], folder)
    try:
        tokens = []
        for index in range(USERS):
            credentials = {"username": f"user{index}", "password": "benchmark-password"}
            post(port, "/auth/register", credentials)
            tokens.append(post(port, "/auth/login", credentials)["token"])
        # Steady state: past one roster interval (10 s) instances know which users the others serve, and relay a
        # turn only to users connected elsewhere.
        time.sleep(11)
        latencies, errors = [], []
        threads = [threading.Thread(target=client, args=(port, token, latencies, errors)) for token in tokens]
        components = {"jobhunter": {"jobhunter"}, "postgres": {"postgres"}, "nginx": {"nginx"}}
        before = {key: cpu_seconds(names) for key, names in components.items()}
        own_before = sum(os.times()[:2])
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = {key: round((cpu_seconds(names) - before[key]) / elapsed * 100) for key, names in components.items()}
        cpu["load_generator"] = round((sum(os.times()[:2]) - own_before) / elapsed * 100)
        latencies.sort()
        return {
            "instances": instances, "turns": len(latencies), "errors": len(errors),
            "turns_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies), 2),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
            "cpu_percent_of_one_core": cpu,
        }
    finally:
        nginx.terminate()
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            process.wait()


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/jobhunter")
    base_url = subprocess.run([os.path.join(ROOT, "scripts/test-postgres.sh"), "start"], check=True,
                              capture_output=True, text=True).stdout.strip()
    for instances in (1, 2):
        print(json.dumps(run(binary, base_url, instances)), flush=True)


if __name__ == "__main__":
    main()
