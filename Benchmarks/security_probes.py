"""Probes of the security review (SECURITY.md) against a real `jobhunter serve`, printing one figure per finding.

Usage: python3 Benchmarks/security_probes.py .build/release/jobhunter
Starts the server on a scratch SQLite database on 127.0.0.1, runs each probe (bounded in count and time),
and stops it. Standard library only.
"""
import base64
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib


def start(binary, folder, extra=()):
    env = dict(os.environ, JOBHUNTER_JWT_SECRET="probe-secret-that-is-long-enough-0123456789", NO_COLOR="1")
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DATABASE_URL"):
        env.pop(name, None)
    process = subprocess.Popen([binary, "serve", "--port", "0", "--db", os.path.join(folder, "db.sqlite"), *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    line = process.stdout.readline()
    port = int(line.split("http://")[1].split(" ")[0].rsplit(":", 1)[1])
    return process, port


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def raw_get(port, path, source):
    """GET from another loopback address, as a different client would; returns the status line and milliseconds."""
    sock = socket.socket()
    sock.bind((source, 0))
    sock.settimeout(5)
    started = time.perf_counter()
    try:
        sock.connect(("127.0.0.1", port))
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = sock.recv(64).decode(errors="replace").splitlines()[0]
    except (OSError, IndexError) as error:
        answer = f"failed: {error}"
    finally:
        sock.close()
    return answer, (time.perf_counter() - started) * 1000


def http(port, method, path, body=None, token=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}"), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), time.perf_counter() - started
    except OSError:
        return 0, {}, time.perf_counter() - started


def account(port, name):
    credentials = {"username": name, "password": "probe password 123"}
    http(port, "POST", "/auth/register", credentials)
    return http(port, "POST", "/auth/login", credentials)[1].get("token")


class WebSocket:
    def __init__(self, port, token):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Authorization: Bearer {token}\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            head += chunk
        self.status = int(head.split(b" ")[1]) if head else 0
        self.buffer = head.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in head else b""

    def send(self, obj):
        payload = json.dumps(obj).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def next(self):
        while True:
            if len(self.buffer) >= 2:
                length, offset = self.buffer[1] & 0x7F, 2
                if length == 126 and len(self.buffer) >= 4:
                    length, offset = struct.unpack(">H", self.buffer[2:4])[0], 4
                elif length == 127 and len(self.buffer) >= 10:
                    length, offset = struct.unpack(">Q", self.buffer[2:10])[0], 10
                if length < 126 or offset > 2:
                    if len(self.buffer) >= offset + length:
                        payload = self.buffer[offset:offset + length]
                        self.buffer = self.buffer[offset + length:]
                        try:
                            return json.loads(payload)
                        except ValueError:
                            continue
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk


def health_latencies(port, count=20, pause=0.05):
    latencies = []
    for _ in range(count):
        status, _, seconds = http(port, "GET", "/health")
        latencies.append(seconds * 1000 if status == 200 else float("inf"))
        time.sleep(pause)
    return statistics.median(latencies), max(latencies)


def overlapping_docx(copies=4900):
    member = ("<w:document><w:body>" + "<w:p><w:r><w:t>" + "a" * 9_500_000 + "</w:t></w:r></w:p></w:body></w:document>").encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = compressor.compress(member) + compressor.flush()
    crc = zlib.crc32(member)
    name = b"word/document.xml"
    out = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(body), len(member), len(name), 0) + name + body
    directory = b""
    for copy in range(copies):
        alias = f"word/header{copy}.xml".encode()
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(body), len(member),
                                 len(alias), 0, 0, 0, 0, 0, 0) + alias
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, copies, copies, len(directory), len(out), 0)
    return out + directory + end


def probe_upload(port):
    token = account(port, "uploader")
    ws = WebSocket(port, token)
    hostile = base64.b64encode(overlapping_docx()).decode()
    baseline = health_latencies(port, 10)
    started = time.perf_counter()
    ws.send({"type": "resume", "filename": "cv.docx", "content_base64": hostile})
    during = health_latencies(port, 10, 0.0)
    reply = ws.next()
    answered = time.perf_counter() - started
    print(f"finding 4: /health p50 {baseline[0]:.1f} ms idle, p50 {during[0]:.1f} ms / max {during[1]:.1f} ms while a "
          f"{len(hostile) * 3 // 4 // 1024} KB overlapping-member DOCX is uploaded; the upload is answered in "
          f"{answered * 1000:.0f} ms: {str(reply.get('message', reply.get('type')))[:70]}")


def probe_history(port, pid):
    token = account(port, "historian")
    ws = WebSocket(port, token)
    for index in range(15):
        ws.send({"type": "message", "text": f"add skill{index} to my skills " + "x" * 2000})
        while (event := ws.next()) and event.get("type") not in ("final", "error"):
            pass
    before = rss_mb(pid)
    for _ in range(400):
        ws.send({"type": "history"})
    time.sleep(3)
    print(f"finding 5: RSS {before:.0f} MB before and {rss_mb(pid):.0f} MB after 400 history frames on a connection "
          f"that does not read")


def probe_partial_bodies(port, pid):
    before = rss_mb(pid)
    sockets, refused = [], 0
    for _ in range(400):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n")
        try:
            sock.sendall(b"a" * 1_000_000)
        except OSError:
            pass
        sock.settimeout(0.05)
        try:
            if sock.recv(64).startswith(b"HTTP/1.1 503"):
                refused += 1
        except (socket.timeout, OSError):
            pass
        sockets.append(sock)
    time.sleep(1)
    grown = rss_mb(pid) - before
    health, health_ms = raw_get(port, "/health", "127.0.0.2")
    for sock in sockets:
        sock.close()
    print(f"finding 5: 400 unauthenticated 1 MB partial bodies: RSS +{grown:.0f} MB, {refused} connections refused "
          f"with 503 at the per-address cap; another client's /health meanwhile: {health} in {health_ms:.0f} ms")


def probe_slowloris(port):
    sockets = []
    deadline = time.time() + 20
    for index in range(1050):
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=2)
            sock.sendall(b"G")
            sockets.append(sock)
        except OSError:
            break
    time.sleep(1)
    # A different client: connect from another loopback address.
    other = socket.socket()
    other.bind(("127.0.0.2", 0))
    other.settimeout(5)
    started = time.perf_counter()
    try:
        other.connect(("127.0.0.1", port))
        other.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = other.recv(64).decode(errors="replace")
    except OSError as error:
        answer = f"failed: {error}"
    elapsed = (time.perf_counter() - started) * 1000
    open_count = 0
    for sock in sockets:
        try:
            sock.sendall(b"E")
            open_count += 1
        except OSError:
            pass
        sock.close()
    print(f"finding 6: {len(sockets)} slow sockets from one address ({open_count} still accepted bytes); another "
          f"client's /health: {answer.splitlines()[0] if answer else 'no answer'} in {elapsed:.0f} ms; "
          f"{'within' if time.time() < deadline else 'past'} the probe's time budget")


def probe_guesses(port):
    account(port, "victim")
    results = []

    def guess(index):
        results.append(http(port, "POST", "/auth/login", {"username": "victim", "password": f"wrong guess {index:04d}"})[0])

    threads = [threading.Thread(target=guess, args=(index,)) for index in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"finding 7: 40 parallel wrong passwords: {results.count(401)} checked, {results.count(429)} refused with 429")


def probe_registration_flood(port):
    """The review's flood: 63 registrations from one address within 15 s, while a person logs in every 0.5 s."""
    account(port, "regular")
    latencies, statuses = [], []
    stop = threading.Event()

    def logins():
        while not stop.is_set():
            status, _, seconds = http(port, "POST", "/auth/login", {"username": "regular", "password": "probe password 123"})
            if status == 200:
                latencies.append(seconds * 1000)
            time.sleep(0.5)

    watcher = threading.Thread(target=logins)
    watcher.start()
    threads = []
    for index in range(63):
        thread = threading.Thread(target=lambda index=index: statuses.append(
            http(port, "POST", "/auth/register", {"username": f"flood{index}", "password": "probe password 123"})[0]))
        thread.start()
        threads.append(thread)
        time.sleep(15 / 63)
    for thread in threads:
        thread.join()
    stop.set()
    watcher.join()
    print(f"finding 8: 63 registrations in 15 s: {statuses.count(201)} created, {statuses.count(429)} refused; "
          f"a normal login meanwhile p50 {statistics.median(latencies):.0f} ms (max {max(latencies):.0f}) over "
          f"{len(latencies)} logins")


def main(binary):
    # Each probe gets a fresh server: the login limits of one (per address) must not colour the next.
    probes = [probe_upload, probe_history, probe_guesses, probe_registration_flood, probe_partial_bodies, probe_slowloris]
    for probe in probes:
        with tempfile.TemporaryDirectory() as folder:
            process, port = start(binary, folder)
            try:
                probe(port, process.pid) if probe in (probe_history, probe_partial_bodies) else probe(port)
            finally:
                process.terminate()
                process.wait()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".build/release/jobhunter")
