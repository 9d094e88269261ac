/** A parsed `/microapp` command. Unknown input is `help`. */
export type SlashCommand =
  | { verb: 'help' }
  | { verb: 'register' }
  | { verb: 'list' }
  | { verb: 'dashboard' }
  | { verb: 'status' | 'recertify' | 'token'; app: string }
  | { verb: 'update' | 'decommission'; app: string }
  | { verb: 'transfer'; app: string; toUserId: string }
  | { verb: 'incident' | 'exception'; text: string };

/** Usage shown by `/microapp help`, and for anything it does not understand. */
export const HELP_TEXT = [
  'Here is what I can do:',
  '• `/microapp register`: register a micro app (about two minutes)',
  '• `/microapp list`: your apps and where they stand',
  '• `/microapp dashboard`: a sign-in link to the dashboard, only to you (works once, for 15 minutes)',
  '• `/microapp status Expense tracker`: one app in detail',
  '• `/microapp update Expense tracker`: change what it does; big changes are reviewed again',
  '• `/microapp recertify Expense tracker`: confirm it is still needed and unchanged',
  '• `/microapp transfer Expense tracker @ana`: hand it to a new owner',
  '• `/microapp decommission Expense tracker`: retire it',
  '• `/microapp incident Expense tracker the sync sent rows to a public sheet`: report an incident (security is told at once)',
  '• `/microapp token Expense tracker`: a token the app uses to report it is in use (owner or backup owner; shown once, to you only)',
  '• `/microapp exception Expense tracker integration-needs-secret 7 the key is read-only and rotated daily`: reviewers and admins waive one rule for up to 14 days, saying what is done instead',
].join('\n');

/**
 * Reads the command text. With escaping on (manifest.json `should_escape`), Slack sends a typed
 * `@ana` as `<@U012AB3CD|ana>`, which is how `transfer` learns the user id.
 */
export function parseSlashCommand(text: string): SlashCommand {
  const trimmed = text.trim();
  const [word = ''] = trimmed.split(/\s+/);
  const verb = word.toLowerCase();
  const argument = trimmed.slice(word.length).trim();
  switch (verb) {
    case 'register':
    case 'list':
    case 'dashboard':
      return { verb };
    case 'status':
    case 'update':
    case 'recertify':
    case 'token':
    case 'decommission':
      return argument ? { verb, app: unescapeSlack(argument) } : { verb: 'help' };
    case 'incident':
    case 'exception':
      return argument ? { verb, text: unescapeSlack(argument) } : { verb: 'help' };
    case 'transfer': {
      const mention = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*$/.exec(argument);
      const app = mention ? unescapeSlack(argument.slice(0, mention.index).trim()) : '';
      return mention && app ? { verb, app, toUserId: mention[1]! } : { verb: 'help' };
    }
    default:
      return { verb: 'help' };
  }
}

/** Slack escapes `& < >` in command text; app names are matched as people typed them. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
