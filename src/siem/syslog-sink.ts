import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { Socket } from 'node:net';
import type { SiemRecord } from '../domain/siem-record';
import { siemLine } from '../domain/siem-record';
import type { SiemSink } from '../ports/siem-sink';

/** Facility 13 (log audit); severity 6 (informational), 5 (notice) for a refusal. */
const FACILITY = 13;

/** Printable US-ASCII without spaces, cut to `max`, or the nil value `-`: what RFC 5424 header fields allow. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean || '-';
}

/** JSON with every character past US-ASCII escaped (`\\uXXXX`), so MSG needs no BOM and stays valid JSON. */
export function asciiJson(line: string): string {
  return line.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One RFC 5424 message: APP-NAME microapp-bot, MSGID the action, no structured data, the JSON line as MSG. */
export function syslogMessage(record: SiemRecord, host: string = hostname()): string {
  const pri = FACILITY * 8 + (record.outcome === 'refused' ? 5 : 6);
  return `<${pri}>1 ${record.at} ${headerField(host, 255)} microapp-bot ${process.pid} ${headerField(record.action, 32)} - ${asciiJson(siemLine(record))}`;
}

/** A message framed by octet counting (RFC 6587 section 3.4.1): its length in bytes, a space, the message. */
export function octetCounted(message: string): string {
  return `${Buffer.byteLength(message)} ${message}`;
}

/**
 * Syslog over TCP or UDP. TCP keeps one connection (made again after a failure) and counts a batch
 * as acknowledged once the socket has written it; UDP sends a datagram per event, acknowledged
 * once handed to the network (UDP itself confirms nothing: prefer TCP).
 */
export function syslogSink(options: { url: string; timeoutMs?: number }): SiemSink {
  const url = new URL(options.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 514);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let tcp: Promise<Socket> | undefined;
  /** Bounds a connect or a write: a server that stops reading fails the batch instead of holding it. */
  const bounded = (socket: Socket) =>
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`syslog at ${url.host} did not answer in ${timeoutMs / 1000} s`)),
    );
  const connect = (): Promise<Socket> => {
    if (tcp) return tcp;
    const made = new Promise<Socket>((resolve, reject) => {
      const socket = new Socket();
      bounded(socket);
      socket.once('error', reject);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (tcp === made) tcp = undefined;
      });
      socket.connect(port, host, () => {
        socket.setTimeout(0);
        resolve(socket);
      });
    });
    tcp = made;
    made.catch(() => {
      if (tcp === made) tcp = undefined;
    });
    return made;
  };
  const sendTcp = async (records: SiemRecord[]): Promise<void> => {
    const socket = await connect().catch((error: NodeJS.ErrnoException) => {
      throw new Error(`syslog at ${url.host} could not be reached (${error.code ?? error.message})`, { cause: error });
    });
    if (socket.destroyed || !socket.writable) {
      tcp = undefined;
      socket.destroy();
      return sendTcp(records);
    }
    const text = records.map((r) => octetCounted(syslogMessage(r))).join('');
    await new Promise<void>((resolve, reject) => {
      const onClose = () => reject(new Error(`syslog at ${url.host} closed the connection`));
      socket.once('close', onClose);
      bounded(socket);
      socket.write(text, (error) => {
        socket.off('close', onClose);
        socket.setTimeout(0);
        if (error) {
          tcp = undefined;
          socket.destroy();
          reject(
            new Error(
              `syslog at ${url.host}: the connection broke (${(error as NodeJS.ErrnoException).code ?? error.message})`,
              { cause: error },
            ),
          );
        } else resolve();
      });
    });
  };
  const sendUdp = async (records: SiemRecord[]) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    try {
      for (const r of records)
        await new Promise<void>((resolve, reject) =>
          socket.send(syslogMessage(r), port, host, (error) => (error ? reject(error) : resolve())),
        );
    } finally {
      socket.close();
    }
  };
  return {
    name: 'syslog',
    send: (records) => (url.protocol === 'udp:' ? sendUdp(records) : sendTcp(records)),
    async close() {
      const socket = await tcp?.catch(() => undefined);
      socket?.end();
      socket?.destroy();
    },
  };
}
