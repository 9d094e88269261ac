import { DeliveryError } from '../../src/ports/delivery-error';

/** Connector refusals that retrying cannot mend, with what an admin should do. */
const PERMANENT: Record<string, string> = {
  ConversationBlockedByUser:
    'The person blocked the bot in Teams: ask them to unblock microapp, or reach them another way.',
  BotNotInConversationRoster:
    'The bot is no longer in that conversation (removed from the team or chat): add the microapp app again, then set the route again with "@microapp route … here".',
  MessageWritesBlocked:
    'Teams blocks the bot from writing there (the chat or channel is read-only or blocked): pick another channel.',
  ConversationNotFound:
    'The chat or channel no longer exists: set the route again in a live channel with "@microapp route … here".',
  BadSyntax: 'Teams rejected the message layout; please report this with the log line.',
  MemberNotFoundInConversation: 'That person is not in the conversation any more.',
  Unauthorized:
    "Teams refused the bot's credentials: check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID against the Azure bot registration.",
};

interface ConnectorFailure {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { status?: number; bodyAsText?: string; headers?: { get?(name: string): string | undefined } };
  details?: { error?: { code?: string } };
  body?: { error?: { code?: string } };
}

/**
 * Turns a thrown Bot Connector failure into a DeliveryError. 403s (blocked, not in the roster) and
 * 401/404 never mend by retrying; 429 waits for Retry-After (the SDK already retried a few times);
 * 5xx and network failures are retried by the outbox.
 */
export function teamsError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = (error ?? {}) as ConnectorFailure;
  const status = e.statusCode ?? e.response?.status;
  const code =
    e.details?.error?.code ??
    e.body?.error?.code ??
    bodyCode(e.response?.bodyAsText) ??
    (status ? `http_${status}` : 'unreachable');
  if (status === 429) {
    const after = Number(e.response?.headers?.get?.('retry-after'));
    return new DeliveryError({
      code: 'ratelimited',
      permanent: false,
      retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : 2_000,
      fix: 'Teams asked us to slow down; it is retried.',
      cause: error,
    });
  }
  if (status === 401 || status === 403 || status === 404 || status === 400 || PERMANENT[code]) {
    return new DeliveryError({
      code,
      permanent: true,
      fix:
        PERMANENT[code] ??
        (status === 401
          ? PERMANENT.Unauthorized!
          : 'Teams refused the message; check the route or the person, then try again.'),
      cause: error,
    });
  }
  if (status)
    return new DeliveryError({
      code,
      permanent: false,
      fix: 'Teams did not take the call; it is retried.',
      cause: error,
    });
  return new DeliveryError({
    code: 'unreachable',
    permanent: false,
    maybeSent: true,
    fix: 'Teams could not be reached (check the network); it is retried.',
    cause: error,
  });
}

function bodyCode(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
