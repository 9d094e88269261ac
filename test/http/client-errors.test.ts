import { connect } from 'node:net';
import { createHttpServer } from '../../src/http/http-server';
import { readBody } from '../../src/http/read-body';
import { createLogger } from '../../src/log/logger';

test('a client that breaks its chunked body is a warning in the log, not an error, and the server keeps serving', async () => {
  const lines: { level: string; msg: string }[] = [];
  const http = createHttpServer(createLogger({ level: 'info', write: (l) => void lines.push(JSON.parse(l)) }));
  http.route('POST', '/in', async (req, res) => {
    await readBody(req, 1024);
    res.end('ok');
  });
  const port = await http.listen(0, '127.0.0.1');
  try {
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST /in HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel');
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    for (let i = 0; i < 50 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lines.map((l) => l.level)).toEqual(['warn']);
    expect(lines[0]!.msg).toMatch(/ended before it was whole/);
    const again = await fetch(`http://127.0.0.1:${port}/in`, { method: 'POST', body: 'fine' });
    expect(await again.text()).toBe('ok');
  } finally {
    await http.close();
  }
});
