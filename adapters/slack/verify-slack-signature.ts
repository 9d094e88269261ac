import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests older or newer than this are refused, so a captured request cannot be replayed later. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Why a request failed verification; logged, never sent back. */
export type SignatureProblem = 'missing_headers' | 'stale' | 'future' | 'bad_signature';

/**
 * Checks Slack's `v0` request signature over the raw body. Unlike bolt's own check, which only
 * refuses old timestamps, this refuses timestamps more than five minutes in the future too.
 * Returns undefined when the request is genuine.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  nowMs: number;
}): SignatureProblem | undefined {
  const { timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing_headers';
  const skew = Number(timestamp) * 1000 - input.nowMs;
  if (skew < -MAX_CLOCK_SKEW_MS) return 'stale';
  if (skew > MAX_CLOCK_SKEW_MS) return 'future';
  const expected = `v0=${createHmac('sha256', input.signingSecret).update(`v0:${timestamp}:${input.rawBody}`).digest('hex')}`;
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted) ? undefined : 'bad_signature';
}
