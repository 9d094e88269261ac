import { createSocket } from 'node:dgram';
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';
import type { SiemRecord } from '../../src/domain/siem-record';
import { syslogSink } from '../../src/siem/syslog-sink';
import { waitFor } from '../support/wait-for';
import { sampleRecords } from './sample-records';

/** RFC 5424: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG. */
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-) (.*)$/s;

function parseMessage(message: string) {
  const m = RFC5424.exec(message);
  if (!m) throw new Error(`not RFC 5424: ${message}`);
  return { pri: Number(m[1]), timestamp: m[2], appName: m[4], msgId: m[6], msg: m[8]! };
}

/** Splits an RFC 6587 octet-counted stream into messages, checking each length against the bytes. */
function unframe(stream: Buffer): string[] {
  const messages: string[] = [];
  let at = 0;
  while (at < stream.length) {
    const space = stream.indexOf(0x20, at);
    const length = Number(stream.subarray(at, space).toString('ascii'));
    expect(Number.isInteger(length) && length > 0).toBe(true);
    messages.push(stream.subarray(space + 1, space + 1 + length).toString('utf8'));
    at = space + 1 + length;
  }
  expect(at).toBe(stream.length);
  return messages;
}

function expectRecords(messages: string[], records: SiemRecord[]) {
  expect(messages).toHaveLength(records.length);
  messages.forEach((message, i) => {
    const parsed = parseMessage(message);
    const record = records[i]!;
    expect(parsed.pri).toBe(13 * 8 + (record.outcome === 'refused' ? 5 : 6));
    expect(parsed.timestamp).toBe(record.at);
    expect(parsed.appName).toBe('microapp-bot');
    expect(parsed.msgId).toBe(record.action);
    expect(/^[\x20-\x7e]*$/.test(parsed.msg)).toBe(true);
    expect(JSON.parse(parsed.msg)).toEqual(record);
  });
}

test('TCP: octet-counted RFC 5424 messages, the JSON line as MSG (ASCII, so no BOM), one connection kept', async () => {
  const received: Buffer[] = [];
  const connections: Socket[] = [];
  const server = createServer((socket) => {
    connections.push(socket);
    socket.on('data', (d: Buffer) => received.push(d));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sink = syslogSink({ url: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}` });
  try {
    const records = sampleRecords();
    await sink.send(records);
    await sink.send(records.slice(0, 1));
    const expected = [...records, records[0]!];
    await waitFor(() => unframe(Buffer.concat(received)).length === expected.length);
    expectRecords(unframe(Buffer.concat(received)), expected);
    expect(connections).toHaveLength(1);
  } finally {
    await sink.close();
    server.close();
  }
});

test('TCP: a server that went away fails the batch; the next send connects again', async () => {
  const received: Buffer[] = [];
  const connections: Socket[] = [];
  const server = createServer((socket) => {
    connections.push(socket);
    socket.on('data', (d: Buffer) => received.push(d));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const sink = syslogSink({ url: `tcp://127.0.0.1:${port}` });
  try {
    await sink.send(sampleRecords().slice(0, 1));
    await waitFor(() => received.length > 0);
    connections[0]!.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(
      (async () => {
        for (let i = 0; i < 5; i++) await sink.send(sampleRecords().slice(0, 1));
      })(),
    ).rejects.toThrow(
      /^syslog at 127\.0\.0\.1:\d+( could not be reached \(ECONNREFUSED\)| closed the connection|: the connection broke \(E[A-Z]+\))$/,
    );
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    received.length = 0;
    await sink.send(sampleRecords());
    await waitFor(() => unframe(Buffer.concat(received)).length === 2);
    expectRecords(unframe(Buffer.concat(received)), sampleRecords());
  } finally {
    await sink.close();
    server.close();
  }
});

test('UDP: one RFC 5424 datagram per event', async () => {
  const server = createSocket('udp4');
  const datagrams: string[] = [];
  server.on('message', (m) => datagrams.push(m.toString('utf8')));
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  const sink = syslogSink({ url: `udp://127.0.0.1:${server.address().port}` });
  try {
    await sink.send(sampleRecords());
    await waitFor(() => datagrams.length === 2);
    expectRecords(datagrams, sampleRecords());
  } finally {
    await sink.close();
    server.close();
  }
});
