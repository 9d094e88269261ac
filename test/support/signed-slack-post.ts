import { createHmac } from 'node:crypto';

/** Options of one signed request: `skewSeconds` moves the timestamp; `signature` replaces the real one. */
export interface SignOptions {
  skewSeconds?: number;
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs `body` to the URL `url()` gives, signed with `secret` as Slack signs its requests (v0, HMAC-SHA256). */
export function signedSlackPost(url: () => string, secret: string) {
  return async (body: string, contentType: string, options: SignOptions = {}) => {
    const timestamp = String(Math.floor(Date.now() / 1000) + (options.skewSeconds ?? 0));
    const signature =
      options.signature ?? `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await fetch(url(), {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
        ...options.headers,
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  };
}

/** A view_submission or block_actions payload, as Slack posts it. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A `/microapp` slash command's body, as Slack posts it. */
export function commandBody(user: string, text: string, triggerId: string, responseUrl: string): string {
  return new URLSearchParams({
    command: '/microapp',
    text,
    user_id: user,
    user_name: user.toLowerCase(),
    team_id: 'T1',
    channel_id: 'C-work',
    trigger_id: triggerId,
    response_url: responseUrl,
    api_app_id: 'A1',
    token: 'legacy',
  }).toString();
}
