import type { AppRecord } from '../domain/app-record';
import type { ErrorCode } from '../domain/errors';
import { AppError } from '../domain/errors';
import type { RegistryTx } from './registry';

/** The most words an app's name is looked for in, at the start of the text. */
const NAME_WORDS = 12;

/** The app a text starts with (the longest name that matches, or a quoted one) and the rest; `usage` says what to type when none matches. */
export async function splitAppAndText(
  tx: Pick<RegistryTx, 'apps'>,
  text: string,
  usage: { followedBy: string; example: string; code: ErrorCode },
): Promise<{ app: AppRecord; rest: string }> {
  const quoted = /^["“']([^"”']+)["”']\s*(.*)$/s.exec(text);
  if (quoted) {
    const app = await tx.apps.findByName(quoted[1]!.trim());
    if (app) return { app, rest: quoted[2]!.trim() };
  }
  const words = text.split(/\s+/).filter(Boolean);
  for (let n = Math.min(words.length, NAME_WORDS); n > 0; n--) {
    const app = await tx.apps.findByName(words.slice(0, n).join(' ').replace(/[:,]$/, ''));
    if (app)
      return {
        app,
        rest: words
          .slice(n)
          .join(' ')
          .replace(/^[:,-]\s*/, ''),
      };
  }
  throw new AppError(
    usage.code,
    `Start with the app's name as registered, then ${usage.followedBy}, like: ${usage.example}. List your apps to check the name.`,
  );
}
