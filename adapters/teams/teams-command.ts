/** A command typed to the bot in Teams (personal chat, or `@microapp …` in a channel). Unknown input is `help`. */
export type TeamsCommand =
  | { verb: 'help' }
  | { verb: 'register' | 'list' | 'dashboard' }
  | { verb: 'status' | 'update' | 'recertify' | 'decommission' | 'token'; app: string }
  | { verb: 'transfer'; app: string; to: string }
  | { verb: 'route'; asked: string }
  | { verb: 'incident' | 'exception'; text: string };

/** What `help` says, and what unknown text gets. */
export const TEAMS_HELP = [
  'Here is what I can do (in a channel, start with @microapp):',
  '• register: register a micro app (about two minutes)',
  '• list: your apps and where they stand',
  '• dashboard (in this personal chat): a sign-in link to the dashboard, only to you (works once, for 15 minutes)',
  '• status Expense tracker: one app in detail',
  '• update Expense tracker: change what it does; big changes are reviewed again',
  '• recertify Expense tracker: confirm it is still needed and unchanged',
  '• transfer Expense tracker @Ana (or ana@example.com): hand it to a new owner',
  '• decommission Expense tracker: retire it',
  '• incident Expense tracker the sync sent rows to a public sheet: report an incident (security is told at once)',
  '• token Expense tracker (in this personal chat): a token the app uses to report it is in use (owner or backup owner; shown once)',
  '• exception Expense tracker integration-needs-secret 7 the key is read-only and rotated daily: reviewers and admins waive one rule for up to 14 days, saying what is done instead',
  '• route tier 2 here (admins, in a channel): send those approval cards to this channel',
].join('\n');

const APP_VERBS = new Set(['status', 'update', 'recertify', 'decommission', 'token']);

/**
 * Reads a message's text once the bot's own mention is removed. `transfer` ends with the new
 * owner: a mention (its `<at>…</at>` text, resolved by the caller through the activity's mention
 * entities) or an email address.
 */
export function parseTeamsCommand(text: string): TeamsCommand {
  const trimmed = decodeEntities(text).replace(/\s+/g, ' ').trim();
  const [word = ''] = trimmed.split(' ');
  const verb = word.toLowerCase();
  const rest = trimmed.slice(word.length).trim();
  if (verb === 'register' || verb === 'list' || verb === 'dashboard') return { verb };
  if (APP_VERBS.has(verb)) return rest ? { verb: verb as 'status', app: stripQuotes(rest) } : { verb: 'help' };
  if (verb === 'transfer') {
    const target = /(<at>[^<]*<\/at>|\S+@\S+\.\S+)$/i.exec(rest);
    const app = target ? stripQuotes(rest.slice(0, target.index).trim()) : '';
    return target && app ? { verb, app, to: target[1]! } : { verb: 'help' };
  }
  if (verb === 'incident' || verb === 'exception') return rest ? { verb, text: rest } : { verb: 'help' };
  if (verb === 'route') {
    const asked = /^(.+?)\s+here$/i.exec(rest)?.[1];
    return asked ? { verb, asked: stripQuotes(asked) } : { verb: 'help' };
  }
  return { verb: 'help' };
}

function stripQuotes(s: string): string {
  return s.replace(/^["“']+|["”']+$/g, '').trim();
}

/** Teams sends message text with HTML entities for the few characters it escapes. */
function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
