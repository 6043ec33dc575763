"""Python `websockets` echo server, the third contender in Benchmarks/websocket.py.
Usage: python_echo_server.py PORT [deflate]."""
import asyncio
import sys

from websockets.asyncio.server import serve


async def echo(connection):
    async for message in connection:
        await connection.send(message)


async def main(port: int, compression) -> None:
    async with serve(echo, "127.0.0.1", port, max_size=2**21, compression=compression) as server:
        print(f"listening on {server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), "deflate" if sys.argv[2:] == ["deflate"] else None))
