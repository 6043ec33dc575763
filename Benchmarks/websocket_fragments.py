"""/health latency while one client streams one-byte continuation frames at /ws/echo (issue 14's probe).

Usage: python3 Benchmarks/websocket_fragments.py .build/release/jobhunter [MEGABYTES]
"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def health(port):
    started = time.perf_counter()
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    answer = sock.recv(64)
    sock.close()
    return (time.perf_counter() - started) * 1000 if answer.startswith(b"HTTP/1.1 200") else float("inf")


def main(binary, megabytes):
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, JOBHUNTER_JWT_SECRET="fragments-secret-that-is-long-enough-0123", NO_COLOR="1")
        process = subprocess.Popen([binary, "serve", "--port", "0", "--echo-endpoint", "--db", os.path.join(folder, "db.sqlite")],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        port = int(process.stdout.readline().split("http://")[1].split(" ")[0].rsplit(":", 1)[1])
        try:
            idle = [health(port) for _ in range(20)]
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            sock.recv(4096)
            one = bytes([0x00, 0x81, 0, 0, 0, 0, 0x61])
            stream = bytes([0x02, 0x81, 0, 0, 0, 0, 0x61]) + one * int(megabytes * 1_000_000 / len(one)) + bytes([0x80, 0x81, 0, 0, 0, 0, 0x61])
            answer = {}

            def receive():
                data = b""
                sock.settimeout(30)
                try:
                    while True:
                        chunk = sock.recv(1 << 20)
                        if not chunk:
                            break
                        data += chunk
                        if data[:1] == b"\x88" or (data[:1] == b"\x82" and len(data) >= 10
                                                     and len(data) >= 10 + int.from_bytes(data[2:10], "big")):
                            break
                except OSError:
                    pass
                answer["data"] = data
                answer["at"] = time.perf_counter()

            receiver = threading.Thread(target=receive)
            receiver.start()
            started = time.perf_counter()
            sock.sendall(stream)
            during = []
            while receiver.is_alive() and len(during) < 2000:
                during.append(health(port))
            receiver.join()
            data = answer.get("data", b"")
            outcome = (f"closed with {int.from_bytes(data[2:4], 'big')}" if data[:1] == b"\x88"
                       else f"echoed as one {len(data) - 10}-byte message" if data[:1] == b"\x82" else "no answer")
            print(f"/health p50 {statistics.median(idle):.2f} ms idle; p50 {statistics.median(during):.2f} ms, "
                  f"max {max(during):.1f} ms over {len(during)} requests while {len(stream) / 1e6:.2f} MB of one-byte "
                  f"continuation frames were processed in {answer.get('at', started) - started:.2f} s; {outcome}")
        finally:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 2.45)
