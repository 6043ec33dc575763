"""An independent WebSocket client (PyPI `websockets`) against `jobhunter serve`.

Usage: websocket_client.py BASE_URL TOKEN. Chats over /ws with the token as a bearer header, then exercises
the /ws/echo endpoint (text, binary, fragmented and large messages, ping), first with permessage-deflate (which
`websockets` offers by default) and then without. Prints one JSON report.
"""
import json
import sys

from websockets.sync.client import connect


def main(base_url: str, token: str) -> int:
    ws_url = base_url.replace("http://", "ws://")
    report = {}
    with connect(ws_url + "/ws", additional_headers={"Authorization": "Bearer " + token}) as chat:
        chat.send(json.dumps({"type": "message", "text": "add Python to my skills"}))
        events = []
        while True:
            event = json.loads(chat.recv(timeout=20))
            events.append(event)
            if event["type"] in ("final", "error"):
                break
        report["chat_extensions"] = chat.response.headers.get("Sec-WebSocket-Extensions", "")
        report["chat_types"] = [event["type"] for event in events]
        report["chat_final"] = events[-1].get("text", events[-1].get("message"))

    for label, compression in (("deflate", "deflate"), ("plain", None)):
        with connect(ws_url + "/ws/echo", max_size=2**23, compression=compression) as echo:
            report[f"{label}_extensions"] = echo.response.headers.get("Sec-WebSocket-Extensions", "")
            text = "é" * 256
            echo.send(text)
            report[f"{label}_text_echoed"] = echo.recv(timeout=5) == text
            blob = bytes(range(256)) * 2
            echo.send(blob)
            report[f"{label}_binary_echoed"] = echo.recv(timeout=5) == blob
            echo.send(["frag", "mented ", "ünïcode"])
            report[f"{label}_fragments_echoed"] = echo.recv(timeout=5) == "fragmented ünïcode"
            large = "x" * 1_000_000
            echo.send(large)
            report[f"{label}_large_echoed"] = echo.recv(timeout=10) == large
            report[f"{label}_pong"] = echo.ping(b"hi").wait(5)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
