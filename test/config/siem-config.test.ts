import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { AppError } from '../../src/domain/errors';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof AppError) return e.details.problems ?? [];
    throw e;
  }
  return [];
};

const TOKEN = 'b1c3a9e0-5d6f-4c1a-9e7b-2f4d6a8c0e12';

test('no SIEM setting, no sink', () => {
  expect(loadConfig({}).siem).toEqual({});
});

test('each sink from its settings: a file with its size and count, syslog, an HTTP collector whose token is redacted', () => {
  const c = loadConfig({
    SIEM_FILE: 'logs/microapp-audit.jsonl',
    SIEM_FILE_MAX_MB: '0.5',
    SIEM_FILE_KEEP: '3',
    SIEM_SYSLOG_URL: 'udp://siem.example.com:514',
    SIEM_HTTP_URL: 'https://splunk.example.com:8088',
    SIEM_HTTP_TOKEN: TOKEN,
    SIEM_HTTP_FORMAT: 'splunk',
  });
  expect(c.siem).toEqual({
    file: { file: resolve('logs/microapp-audit.jsonl'), maxBytes: 524288, keep: 3 },
    syslogUrl: 'udp://siem.example.com:514',
    http: { url: 'https://splunk.example.com:8088', token: TOKEN, format: 'splunk' },
  });
  expect(c.secrets).toContain(TOKEN);
  expect(loadConfig({ SIEM_FILE: 'a.jsonl' }).siem.file).toEqual({
    file: resolve('a.jsonl'),
    maxBytes: 100 * 1024 * 1024,
    keep: 5,
  });
});

test('bad SIEM settings are refused, each saying what to set', () => {
  expect(problemsOf({ SIEM_FILE: 'a.jsonl', SIEM_FILE_MAX_MB: '10GB', SIEM_FILE_KEEP: '0' })).toEqual([
    'SIEM_FILE_MAX_MB must be the size in megabytes a SIEM file grows to before it rotates, like 100.',
    'SIEM_FILE_KEEP must be how many SIEM files to keep, the current one included, a whole number from 1 to 1000, like 5.',
  ]);
  expect(problemsOf({ SIEM_SYSLOG_URL: 'siem.example.com:514' })).toEqual([
    'SIEM_SYSLOG_URL must be tcp://host:port or udp://host:port of the syslog server, like tcp://siem.example.com:514.',
  ]);
  expect(
    problemsOf({ SIEM_HTTP_URL: 'http://splunk.example.com:8088', SIEM_HTTP_TOKEN: TOKEN, SIEM_HTTP_FORMAT: 'splunk' }),
  ).toEqual([
    expect.stringMatching(
      /^SIEM_HTTP_URL must be an https URL .*http is accepted only for 127\.0\.0\.1 or localhost\.$/,
    ),
  ]);
  expect(problemsOf({ SIEM_HTTP_URL: 'https://splunk.example.com:8088' })).toEqual([
    "SIEM_HTTP_TOKEN is needed with SIEM_HTTP_URL: the collector's token or API key.",
    'SIEM_HTTP_FORMAT is needed with SIEM_HTTP_URL: one of splunk, elastic, datadog, json (splunk for an HTTP Event Collector).',
  ]);
  expect(
    problemsOf({
      SIEM_HTTP_URL: 'https://es.example.com/audit/_bulk',
      SIEM_HTTP_TOKEN: TOKEN,
      SIEM_HTTP_FORMAT: 'logstash',
    }),
  ).toEqual(['SIEM_HTTP_FORMAT must be one of splunk, elastic, datadog, json.']);
  expect(problemsOf({ SIEM_FILE_KEEP: '3' })).toEqual([
    'SIEM_FILE_KEEP only counts with SIEM_FILE: set it to the file to write, or unset this.',
  ]);
  expect(problemsOf({ SIEM_HTTP_TOKEN: TOKEN })).toEqual([
    "SIEM_HTTP_TOKEN only counts with SIEM_HTTP_URL: set it to the collector's address, or unset this.",
  ]);
  expect(
    problemsOf({ SIEM_HTTP_URL: 'http://127.0.0.1:8088', SIEM_HTTP_TOKEN: 'has a space', SIEM_HTTP_FORMAT: 'json' }),
  ).toEqual(["SIEM_HTTP_TOKEN must be the collector's token or API key, without spaces (see docs/audit.md)."]);
});
