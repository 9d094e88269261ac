import { siemLine } from '../../src/domain/siem-record';
import { httpSink } from '../../src/siem/http-sink';
import type { FakeSiemCollector } from '../support/fake-siem-collector';
import { startFakeSiemCollector } from '../support/fake-siem-collector';
import { sampleRecords } from './sample-records';

const TOKEN = 'hec-token-0123456789';

let collector: FakeSiemCollector;
beforeEach(async () => {
  collector = await startFakeSiemCollector();
});
afterEach(() => collector.close());

test('Splunk: POST /services/collector/event with a Splunk token, one event object per record with its time and sourcetype', async () => {
  const records = sampleRecords();
  await httpSink({ url: collector.url, token: TOKEN, format: 'splunk' }).send(records);
  const [request] = collector.requests;
  expect(request).toMatchObject({ method: 'POST', path: '/services/collector/event' });
  expect(request!.headers.authorization).toBe(`Splunk ${TOKEN}`);
  const events = request!.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(events).toEqual(
    records.map((r) => ({
      time: Date.parse(r.at) / 1000,
      sourcetype: 'microapp:audit',
      source: 'microapp-bot',
      event: r,
    })),
  );
  expect(events[1].time).toBe(1796637601.5);
});

test('Elasticsearch: _bulk NDJSON create actions keyed by the event id, an ApiKey, and an event already there (409) counts as sent', async () => {
  const records = sampleRecords();
  collector.answer = () => ({
    status: 200,
    body: JSON.stringify({
      errors: true,
      items: [
        { create: { status: 201 } },
        { create: { status: 409, error: { type: 'version_conflict_engine_exception' } } },
      ],
    }),
  });
  await httpSink({ url: `${collector.url}/audit-events/_bulk`, token: TOKEN, format: 'elastic' }).send(records);
  const [request] = collector.requests;
  expect(request!.path).toBe('/audit-events/_bulk');
  expect(request!.headers.authorization).toBe(`ApiKey ${TOKEN}`);
  expect(request!.headers['content-type']).toBe('application/x-ndjson');
  expect(request!.body.endsWith('\n')).toBe(true);
  const lines = request!.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toEqual([
    { create: { _id: records[0]!.id } },
    { ...records[0], '@timestamp': records[0]!.at },
    { create: { _id: records[1]!.id } },
    { ...records[1], '@timestamp': records[1]!.at },
  ]);
});

test('Elasticsearch: a refused document fails the batch, naming why', async () => {
  collector.answer = () => ({
    status: 200,
    body: JSON.stringify({
      errors: true,
      items: [
        { create: { status: 201 } },
        {
          create: {
            status: 400,
            error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [details]' },
          },
        },
      ],
    }),
  });
  await expect(
    httpSink({ url: `${collector.url}/audit-events/_bulk`, token: TOKEN, format: 'elastic' }).send(sampleRecords()),
  ).rejects.toThrow('a document was refused (400 mapper_parsing_exception: failed to parse field [details])');
});

test('Datadog: a JSON array to /api/v2/logs with DD-API-KEY, the line as the message and the app as tags', async () => {
  const records = sampleRecords();
  collector.answer = () => ({ status: 202 });
  await httpSink({ url: collector.url, token: TOKEN, format: 'datadog' }).send(records);
  const [request] = collector.requests;
  expect(request!.path).toBe('/api/v2/logs');
  expect(request!.headers['dd-api-key']).toBe(TOKEN);
  expect(request!.headers.authorization).toBeUndefined();
  const logs = JSON.parse(request!.body);
  expect(logs).toHaveLength(2);
  expect(logs[0]).toMatchObject({
    ddsource: 'microapp-bot',
    service: 'microapp-bot',
    ddtags: 'action:app.registered,outcome:success,app_id:app-1,app_tier:2,app_owner:ana@example.com',
    date: records[0]!.at,
  });
  expect(JSON.parse(logs[0].message)).toEqual(records[0]);
  expect(logs[1].ddtags).toBe('action:policy.reloaded,outcome:refused');
});

test('json: NDJSON of the lines with a Bearer token, to the path given', async () => {
  const records = sampleRecords();
  await httpSink({ url: `${collector.url}/ingest/audit`, token: TOKEN, format: 'json' }).send(records);
  const [request] = collector.requests;
  expect(request!.path).toBe('/ingest/audit');
  expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(request!.body).toBe(records.map((r) => `${siemLine(r)}\n`).join(''));
});

test('a failure names the status and the answer, hints at the token on 401, and never shows the token', async () => {
  collector.answer = ({ n }) =>
    n === 1
      ? { status: 503, body: '{"text":"Server is busy","code":9}' }
      : { status: 401, body: '{"text":"Invalid token","code":4}' };
  const sink = httpSink({ url: collector.url, token: TOKEN, format: 'splunk' });
  const busy = await sink.send(sampleRecords()).catch((e: Error) => e.message);
  expect(busy).toMatch(
    /^the SIEM at 127\.0\.0\.1:\d+ answered 503 Service Unavailable: \{"text":"Server is busy","code":9\}$/,
  );
  const refused = await sink.send(sampleRecords()).catch((e: Error) => e.message);
  expect(refused).toContain('answered 401');
  expect(refused).toContain('check SIEM_HTTP_TOKEN');
  expect(`${busy}${refused}`).not.toContain(TOKEN);
});

test('a redirect is not followed (the token would go with it): it fails naming where it points', async () => {
  collector.answer = () => ({ status: 200 });
  const redirecting = await startFakeSiemCollector();
  redirecting.answer = () => ({ status: 307 });
  try {
    const message = await httpSink({ url: redirecting.url, token: TOKEN, format: 'json' })
      .send(sampleRecords())
      .catch((e: Error) => e.message);
    expect(message).toContain('answered 307, a redirect: set SIEM_HTTP_URL to the address it points to');
  } finally {
    await redirecting.close();
  }
});

test('an unreachable collector fails saying so', async () => {
  const url = collector.url;
  await collector.close();
  const message = await httpSink({ url, token: TOKEN, format: 'json' })
    .send(sampleRecords())
    .catch((e: Error) => e.message);
  expect(message).toMatch(/^the SIEM at 127\.0\.0\.1:\d+ could not be reached \(.*ECONNREFUSED.*\)$/);
  collector = await startFakeSiemCollector();
});
