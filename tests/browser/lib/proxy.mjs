// A TCP proxy in front of `crosstalk serve` that can make the uplink slow, the way a phone's is:
// bytes from the browser to the server are let through at a set rate (Chromium's own network
// emulation delays the answer to an upload but sends the body at full speed, so nothing would be
// cut mid-way on loopback). The server's public URL is the proxy's, so every request passes here.
//
// Usage: node proxy.mjs LISTEN_PORT UPSTREAM_PORT CONTROL_PORT
//   POST /uplink?bytes_per_second=N   browser -> server rate (0: full speed); resets the count
//   GET  /stats                       {"forwarded": bytes sent on to the server since /uplink}
//   POST /cut                         drops every open connection (a dead mobile link)

import http from 'node:http';
import net from 'node:net';

const [listenPort, upstreamPort, controlPort] = process.argv.slice(2).map(Number);
let rate = 0; // bytes per second from the browser; 0 = unlimited
let forwarded = 0;
const open = new Set();

function throttled(from, to) {
  let queue = [];
  let timer = null;
  const pump = () => {
    timer = null;
    while (queue.length) {
      if (rate === 0) {
        const chunk = queue.shift();
        forwarded += chunk.length;
        to.write(chunk);
        continue;
      }
      const budget = Math.max(1, Math.floor(rate / 20)); // 50 ms slices
      const chunk = queue[0];
      const part = chunk.subarray(0, budget);
      if (part.length === chunk.length) queue.shift(); else queue[0] = chunk.subarray(budget);
      to.write(part);
      forwarded += part.length;
      timer = setTimeout(pump, 50);
      return;
    }
    from.resume();
  };
  from.on('data', (data) => {
    queue.push(data);
    if (rate !== 0) from.pause();
    if (!timer) pump();
  });
  from.on('close', () => { queue = []; if (timer) clearTimeout(timer); to.destroy(); });
}

net.createServer((client) => {
  const upstream = net.connect(upstreamPort, '127.0.0.1');
  const pair = { client, upstream };
  open.add(pair);
  client.on('close', () => open.delete(pair));
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  upstream.on('close', () => client.destroy());
  upstream.pipe(client);
  throttled(client, upstream);
}).listen(listenPort, '127.0.0.1');

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (req.method === 'POST' && url.pathname === '/uplink') {
    rate = Math.max(0, Number(url.searchParams.get('bytes_per_second')) || 0);
    forwarded = 0;
    res.writeHead(204);
    return res.end();
  }
  if (req.method === 'GET' && url.pathname === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ forwarded, open: open.size }));
  }
  if (req.method === 'POST' && url.pathname === '/cut') {
    for (const { client, upstream } of open) {
      client.destroy();
      upstream.destroy();
    }
    open.clear();
    res.writeHead(204);
    return res.end();
  }
  res.writeHead(404);
  return res.end();
}).listen(controlPort, '127.0.0.1');
