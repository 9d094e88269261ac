import type { ServerResponse } from 'node:http';
import type { HealthStandIn, ThrowawayCertificate } from '../../bench/health-stand-in';
import { startHealthStandIn, throwawayCertificate } from '../../bench/health-stand-in';
import { judgeProbe } from '../../src/domain/app-health';
import { createHttpsHealthProbe } from '../../src/health/https-health-probe';
import type { HttpsHealthProbeOptions } from '../../src/health/https-health-probe';

let cert: ThrowawayCertificate;
let server: HealthStandIn;
/** Bytes the 50 MB endpoint managed to write before the probe hung up. */
let bigWritten = 0;
let bigClosed: Promise<void>;

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

beforeAll(async () => {
  cert = throwawayCertificate();
  let closed: () => void = () => undefined;
  bigClosed = new Promise((resolve) => {
    closed = resolve;
  });
  server = await startHealthStandIn(cert, (req, res) => {
    const path = req.url ?? '/';
    if (path === '/ok') return json(res, 200, { status: 'OK', version: '1.2' });
    if (path === '/up') return json(res, 200, { status: 'up' });
    if (path === '/degraded') return json(res, 200, { status: 'Degraded' });
    if (path === '/warn') return json(res, 200, { status: 'warn' });
    if (path === '/down') return json(res, 200, { status: 'down' });
    if (path === '/503') return json(res, 503, { status: 'ok' });
    if (path === '/html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>');
    if (path === '/to-metadata')
      return res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/to-http') return res.writeHead(301, { location: `http://127.0.0.1:${server.port}/ok` }).end();
    if (path === '/to-ok') return res.writeHead(307, { location: '/ok' }).end();
    if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = '{"status":"ok"}';
      let i = 0;
      const timer = setInterval(() => {
        if (i < body.length) res.write(body[i++]!);
        else res.end();
      }, 600);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/big') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const total = 50 * 1024 * 1024;
      const pump = () => {
        while (bigWritten < total && !res.destroyed) {
          bigWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', closed);
      return pump();
    }
    json(res, 404, { error: 'not found' });
  });
});

afterAll(async () => {
  await server.close();
  cert.remove();
});

const probe = (options: Partial<HttpsHealthProbeOptions> = {}) =>
  createHttpsHealthProbe({ allowedHosts: ['127.0.0.1'], ca: cert.cert, ...options });

const verdictOf = async (url: string, options: Partial<HttpsHealthProbeOptions> = {}) =>
  judgeProbe(await probe(options).check(url));

describe('judging answers over real HTTPS', () => {
  test('a 2xx with status ok or up (any case) is healthy', async () => {
    expect(await verdictOf(server.url('/ok'))).toMatchObject({ status: 'healthy' });
    expect(await verdictOf(server.url('/up'))).toMatchObject({ status: 'healthy' });
  });

  test('degraded and warn are degraded, with what the app said', async () => {
    expect(await verdictOf(server.url('/degraded'))).toMatchObject({
      status: 'degraded',
      reason: 'says it is Degraded',
    });
    expect(await verdictOf(server.url('/warn'))).toMatchObject({ status: 'degraded' });
  });

  test('another status word, a non-2xx and an answer without JSON fail, each with its reason', async () => {
    expect(await verdictOf(server.url('/down'))).toMatchObject({
      status: 'failing',
      reason: 'says its status is "down"',
    });
    expect(await verdictOf(server.url('/503'))).toMatchObject({ status: 'failing', reason: 'answered 503' });
    expect((await verdictOf(server.url('/html'))).reason).toMatch(/^answered 200 but not with JSON/);
  });

  test('a certificate nobody vouches for fails as not trusted', async () => {
    expect(await verdictOf(server.url('/ok'), { ca: undefined })).toMatchObject({
      status: 'failing',
      reason: 'the certificate is not trusted',
    });
  });

  test('a redirect within allowed hosts is followed; a loop stops after three', async () => {
    expect(await verdictOf(server.url('/to-ok'))).toMatchObject({ status: 'healthy' });
    expect(await verdictOf(server.url('/loop'))).toMatchObject({
      status: 'failing',
      reason: 'redirected more than 3 times',
    });
  });
});

describe('addresses a health check refuses', () => {
  test('loopback is refused unless listed in HEALTH_CHECK_ALLOWED_HOSTS, and nothing is sent', async () => {
    const before = server.requests();
    const verdict = await verdictOf(server.url('/ok'), { allowedHosts: [] });
    expect(verdict).toMatchObject({ status: 'failing' });
    expect(verdict.reason).toBe(
      'its address is a loopback address (127.0.0.1); list the host in HEALTH_CHECK_ALLOWED_HOSTS if it is internal',
    );
    expect(server.requests()).toBe(before);
  });

  test.each([
    ['https://169.254.169.254/latest/meta-data/', 'a cloud metadata address (169.254.169.254)'],
    ['https://10.1.2.3/health', 'a private address (10.1.2.3)'],
    ['https://172.20.0.1/health', 'a private address (172.20.0.1)'],
    ['https://192.168.1.1/health', 'a private address (192.168.1.1)'],
    ['https://100.64.0.7/health', 'a shared (CGNAT) address (100.64.0.7)'],
    ['https://0.0.0.0/health', 'an unspecified address (0.0.0.0)'],
    ['https://[::ffff:127.0.0.1]/health', 'a loopback address (::ffff:7f00:1)'],
    ['https://[::ffff:169.254.169.254]/health', 'a cloud metadata address (::ffff:a9fe:a9fe)'],
    ['https://[::1]/health', 'a loopback address (::1)'],
    ['https://[fd00:ec2::254]/health', 'a cloud metadata address (fd00:ec2::254)'],
    ['https://[fe80::1]/health', 'a link-local address (fe80::1)'],
    ['https://[fc00::5]/health', 'a private address (fc00::5)'],
  ])('%s is refused as %s', async (url, words) => {
    expect((await verdictOf(url, { allowedHosts: [] })).reason).toBe(
      `its address is ${words}; list the host in HEALTH_CHECK_ALLOWED_HOSTS if it is internal`,
    );
  });

  test('a name is resolved first and refused when any of its addresses is private', async () => {
    const resolve = async () => [
      { address: '203.0.113.10', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    expect((await verdictOf('https://status.example.com/health', { resolve, allowedHosts: [] })).reason).toBe(
      'its host status.example.com resolves to a private address (10.0.0.5); list the host in HEALTH_CHECK_ALLOWED_HOSTS if it is internal',
    );
  });

  test('an allow-listed name is reached at the address it was vetted at (pinned): no second lookup happens', async () => {
    let lookups = 0;
    const resolve = async () => {
      lookups++;
      return lookups === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }];
    };
    // pinned.test is in the certificate but no resolver knows it: only the vetted address can reach the server.
    const verdict = await verdictOf(`https://pinned.test:${server.port}/ok`, {
      resolve,
      allowedHosts: ['pinned.test'],
    });
    expect(verdict).toMatchObject({ status: 'healthy' });
    expect(lookups).toBe(1);
  });

  test('cloud metadata names are refused by name', async () => {
    expect((await verdictOf('https://metadata.google.internal/computeMetadata/v1/', { allowedHosts: [] })).reason).toBe(
      'its host metadata.google.internal is a cloud metadata service, which is never checked',
    );
  });

  test('an address Node cannot call fails with the reason instead of throwing', async () => {
    const verdict = await verdictOf('https://127.0.0.1:99999/health');
    expect(verdict.status).toBe('failing');
    expect(verdict.reason).toMatch(/^(is not a valid address|could not be called)/);
  });

  test('plain http is refused', async () => {
    expect((await verdictOf('http://status.example.com/health')).reason).toBe(
      'it is not an https address; declare an https health endpoint',
    );
  });

  test('a redirect to 169.254.169.254 is refused without calling it', async () => {
    expect((await verdictOf(server.url('/to-metadata'))).reason).toBe(
      'it redirected to 169.254.169.254, which is a cloud metadata address (169.254.169.254); list the host in HEALTH_CHECK_ALLOWED_HOSTS if it is internal',
    );
  });

  test('a redirect to plain http is refused', async () => {
    expect((await verdictOf(server.url('/to-http'))).reason).toBe(
      'it redirected to http://127.0.0.1, not https; health checks use https only',
    );
  });
});

describe('answers that would hold a check up', () => {
  test('a server answering byte by byte fails after five seconds in all', async () => {
    const started = Date.now();
    const verdict = await verdictOf(server.url('/slow'));
    const took = Date.now() - started;
    expect(verdict).toMatchObject({ status: 'failing', reason: 'took longer than 5 seconds' });
    expect(took).toBeGreaterThanOrEqual(4900);
    expect(took).toBeLessThan(6500);
  }, 15_000);

  test('a 50 MB answer is cut at 64 KB: the probe hangs up long before the server could send it all', async () => {
    const verdict = await verdictOf(server.url('/big'));
    expect(verdict).toMatchObject({ status: 'failing', reason: 'answered with more than 64 KB' });
    await bigClosed;
    expect(bigWritten).toBeLessThan(10 * 1024 * 1024);
  });
});
