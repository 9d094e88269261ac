import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toMessage } from '../adapters/slack/block-kit';
import { toAdaptiveCard } from '../adapters/teams/adaptive-card';
import { loadPolicy } from '../src/policy/load-policy';
import { approvalCardSample } from './approval-card-sample';
import { slackCardHeight } from './slack-card-height';

/** The width of the message pane the pictures are drawn for, in CSS pixels. */
const WIDTH = 500;

/**
 * Draws the sample tier-3 approval card as a reviewer sees it, into `docs/approval-card-slack.png`
 * (an HTML approximation of Slack's Block Kit layout: Arial-metric font at Slack's sizes) and
 * `docs/approval-card-teams.png` (the real Adaptive Cards JS renderer), with headless Chromium
 * (`/usr/bin/chromium`, Debian's `chromium` package). Returns the drawn heights, and the
 * estimate of `slackCardHeight` for comparison.
 */
export async function cardPictures(root: string, chromium = '/usr/bin/chromium') {
  const policy = await loadPolicy(join(root, 'policies'));
  const { view } = approvalCardSample(policy);
  const slack = toMessage(view).blocks;
  const teams = toAdaptiveCard(view);
  const dir = mkdtempSync(join(tmpdir(), 'microapp-card-pictures-'));
  try {
    const slackHtml = join(dir, 'slack.html');
    writeFileSync(slackHtml, page(slackBody(slack), SLACK_CSS, ''));
    const teamsHtml = join(dir, 'teams.html');
    const library = join(root, 'node_modules/adaptivecards/dist/adaptivecards.js');
    writeFileSync(teamsHtml, page('<div id="card"></div>', TEAMS_CSS, teamsScript(library, teams)));
    const drawn = {
      slack: picture(chromium, slackHtml, join(root, 'docs/approval-card-slack.png')),
      teams: picture(chromium, teamsHtml, join(root, 'docs/approval-card-teams.png')),
    };
    return { width: WIDTH, ...drawn, slackEstimate: slackCardHeight(slack, WIDTH) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads the page once to read its height, then screenshots it at exactly that height. */
function picture(chromium: string, html: string, png: string): number {
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1'];
  const dom = execFileSync(chromium, [...flags, `--window-size=${WIDTH},2000`, '--dump-dom', `file://${html}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1]);
  if (!height) throw new Error(`could not measure ${html}`);
  execFileSync(chromium, [...flags, `--window-size=${WIDTH},${height}`, `--screenshot=${png}`, `file://${html}`], {
    stdio: 'ignore',
  });
  return height;
}

function page(body: string, css: string, script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${body}
<script>${script}
document.body.setAttribute('data-height', String(Math.ceil(document.body.firstElementChild.getBoundingClientRect().bottom) + 8));</script></body></html>`;
}

const SLACK_CSS = `
body { margin: 0; width: ${WIDTH}px; font: 15px/22px "Liberation Sans", Arial, sans-serif; color: #1d1c1d; background: #fff; }
.message { display: flex; padding: 8px 20px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; flex: none; margin-right: 8px; }
.content { flex: 1; min-width: 0; }
.sender b { font-weight: 900; } .sender span { color: #616061; font-size: 12px; margin-left: 4px; }
.block { margin-top: 8px; overflow-wrap: anywhere; }
.header { font-size: 18px; line-height: 26px; font-weight: 900; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }
.context { font-size: 13px; line-height: 18px; color: #616061; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
.button { height: 36px; line-height: 34px; padding: 0 12px; border: 1px solid #ddd; border-radius: 4px; font-weight: 700; font-size: 15px; box-sizing: border-box; }
.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
.danger { color: #e01e5a; }
`;

const TEAMS_CSS = `body { margin: 0; width: ${WIDTH}px; background: #f5f5f5; font-family: "Liberation Sans", Arial, sans-serif; }
#card { margin: 8px; border-radius: 4px; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.2); }`;

type SlackBlock = Record<string, unknown>;

/** A Block Kit message as HTML. Its mrkdwn is already escaped; only `*bold*` and new lines are read. */
function slackBody(blocks: SlackBlock[]): string {
  const mrkdwn = (text: string) => text.replace(/\*([^*\n]+)\*/g, '<b>$1</b>').replace(/\n/g, '<br>');
  const plain = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = blocks.map((b) => {
    const text = (b.text as { text: string; type: string } | undefined) ?? { text: '', type: 'mrkdwn' };
    switch (b.type) {
      case 'header':
        return `<div class="block header">${plain(text.text)}</div>`;
      case 'section': {
        const fields = (b.fields as { text: string }[] | undefined) ?? [];
        return `<div class="block">${text.text ? mrkdwn(text.text) : ''}${
          fields.length ? `<div class="fields">${fields.map((f) => `<div>${mrkdwn(f.text)}</div>`).join('')}</div>` : ''
        }</div>`;
      }
      case 'context':
        return `<div class="block context">${(b.elements as { text: string }[]).map((e) => mrkdwn(e.text)).join(' ')}</div>`;
      case 'actions':
        return `<div class="block actions">${(b.elements as { text: { text: string }; style?: string }[])
          .map((e) => `<span class="button ${e.style ?? ''}">${plain(e.text.text)}</span>`)
          .join('')}</div>`;
      default:
        return `<div class="block">${b.type}</div>`;
    }
  });
  return `<div class="message"><div class="avatar"></div><div class="content"><div class="sender"><b>microapp-bot</b><span>10:00 AM</span></div>${html.join('')}</div></div>`;
}

/** Renders the card with the Adaptive Cards library, as Teams does, with Teams' light-theme sizes. */
function teamsScript(library: string, card: unknown): string {
  const host = {
    fontFamily: '"Liberation Sans", Arial, sans-serif',
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    fontSizes: { small: 12, default: 14, medium: 18, large: 20, extraLarge: 24 },
    actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left' },
  };
  return `</script><script src="file://${library}"></script><script>
const ac = new AdaptiveCards.AdaptiveCard();
ac.hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(host)});
ac.parse(${JSON.stringify(card)});
document.getElementById('card').appendChild(ac.render());`;
}

if (require.main === module) {
  cardPictures(join(__dirname, '../..')).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
