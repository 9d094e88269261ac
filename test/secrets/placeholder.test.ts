import { detectSecret } from '../../src/secrets/detect-secret';
import { DOCUMENTED_EXAMPLE_KEYS, isPlaceholder } from '../../src/secrets/placeholder';
import { base62, crc32 } from '../../src/secrets/token-checksum';
import { fakeValues } from './corpus/fake-values';

const f = fakeValues(23);

test.each([
  'xoxb-…',
  'xoxp-...',
  'sk_live_...',
  'AKIA…',
  'hvs.…',
  '…',
  '<your-api-key>',
  '${SLACK_TOKEN}',
  '{{ secrets.NPM_TOKEN }}',
  '%SENDGRID_KEY%',
  '$DATADOG_API_KEY',
  'YOUR_API_KEY_HERE',
  'xoxb-your-bot-token-here',
  '********',
  '•••••••',
  'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'AKIAXXXXXXXXXXXXXXXX',
  'changeme',
  ...DOCUMENTED_EXAMPLE_KEYS,
])('%s is a placeholder by its whole shape', (value) => {
  expect(isPlaceholder(value)).toBe(true);
});

test.each([
  ['a Stripe-shaped key with "dummy" inside', () => `${'sk'}_live_${f.alnum(10)}dummy${f.alnum(12)}`],
  ['an AWS secret ending in SAMPLEKEY', () => `aws_secret_access_key = ${f.b64(31)}SAMPLEKEY`],
  ['a key with "example" inside', () => `api_key: ${f.alnum(12)}example${f.alnum(14)}`],
  ['a random key with xxxx inside', () => `api_key: ${f.alnum(14)}xxxx${f.alnum(14)}`],
  [
    'a GitHub token whose checksum holds, with SAMPLE inside',
    () => {
      const body = `${f.alnum(10)}SAMPLE${f.alnum(14)}`;
      return `${'gh'}p_${body}${base62(crc32(body), 6)}`;
    },
  ],
])('%s is still a secret', (_name, make) => {
  const text = make();
  expect(isPlaceholder(text.split(/[:=] /).pop()!)).toBe(false);
  expect(detectSecret(text)).toBeDefined();
});

test('a documented example key with one character changed is no longer excused', () => {
  const [aws] = DOCUMENTED_EXAMPLE_KEYS;
  expect(isPlaceholder(aws!.replace('7', '8'))).toBe(false);
});
