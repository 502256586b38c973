#!/usr/bin/env python3
"""A TCP relay on 127.0.0.1:LISTEN to 127.0.0.1:TARGET (stdlib asyncio), for bench/soak.sh with
S3_SERVER=moto: the moto S3 server keeps its objects in memory, so the S3 outage stops this
relay instead of the server. Killing the relay refuses new connections and cuts open ones, as a
stopped S3 server would, and the objects survive.

  soak_relay.py LISTEN TARGET
"""
import asyncio
import sys


async def pipe(r, w):
    try:
        while data := await r.read(65536):
            w.write(data)
            await w.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        w.close()


async def handle(cr, cw, target):
    try:
        sr, sw = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        cw.close()
        return
    await asyncio.gather(pipe(cr, sw), pipe(sr, cw))


async def main(listen, target):
    server = await asyncio.start_server(lambda r, w: handle(r, w, target), "127.0.0.1", listen, reuse_address=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
