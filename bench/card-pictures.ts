import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toMessage, toModal } from '../adapters/slack/block-kit';
import { toAdaptiveCard, toFormCard } from '../adapters/teams/adaptive-card';
import { catalogChoices } from '../src/app/registration/start-registration';
import { loadPolicy } from '../src/policy/load-policy';
import type { Policy } from '../src/policy/policy';
import type { View } from '../src/ports/view-model';
import { registrationForm } from '../src/views/registration-form';
import { approvalCardSample } from './approval-card-sample';
import { shownDates, slackCardHeight } from './slack-card-height';

/** The width of the message pane the pictures are drawn for, in CSS pixels. */
const WIDTH = 500;

/**
 * Draws the sample tier-3 approval card as a reviewer sees it in a channel, into
 * `docs/approval-card-slack.png` (an HTML approximation of Slack's Block Kit layout: Arial-metric
 * font at Slack's sizes) and `docs/approval-card-teams.png` (the real Adaptive Cards JS renderer),
 * and the registration form's first step as a Slack modal and a Teams dialog, into
 * `docs/registration-form-slack.png` and `docs/registration-form-teams.png`, with headless Chromium
 * (`/usr/bin/chromium`, Debian's `chromium` package). Returns the drawn heights, and the estimate
 * of `slackCardHeight` for the Slack card for comparison.
 */
export async function cardPictures(root: string, chromium = '/usr/bin/chromium') {
  const policy = await loadPolicy(join(root, 'policies'));
  const { view } = approvalCardSample(policy);
  const slack = toMessage(view).blocks;
  const teams = toAdaptiveCard(view);
  const form = firstStep(policy);
  const library = join(root, 'node_modules/adaptivecards/dist/adaptivecards.js');
  const dir = mkdtempSync(join(tmpdir(), 'microapp-card-pictures-'));
  const draw = (name: string, html: string) => {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    return picture(chromium, file, join(root, `docs/${name}.png`));
  };
  try {
    const drawn = {
      slack: draw('approval-card-slack', page(slackBody(slack), SLACK_CSS, '')),
      teams: draw('approval-card-teams', page('<div id="card"></div>', TEAMS_CSS, teamsScript(library, teams))),
      formSlack: draw('registration-form-slack', page(slackModal(toModal(form, 'form')), SLACK_CSS, '')),
      formTeams: draw(
        'registration-form-teams',
        page(
          `<div class="dialog"><div class="dialog-title">${form.title}</div><div id="card"></div></div>`,
          TEAMS_CSS,
          teamsScript(library, toFormCard(form, {})),
        ),
      ),
    };
    return { width: WIDTH, ...drawn, slackEstimate: slackCardHeight(slack, WIDTH) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The registration form's first step as someone opening it sees it: empty, with the catalog to pick from. */
function firstStep(policy: Policy): View {
  return registrationForm({
    draft: { step: 1, answers: {}, asked: [] },
    values: {},
    errors: {},
    systems: catalogChoices(policy),
  });
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
.modal { margin: 8px; border: 1px solid #ddd; border-radius: 8px; box-shadow: 0 4px 12px rgba(0,0,0,.15); }
.modal-title { padding: 16px 20px; font-size: 22px; line-height: 28px; font-weight: 900; border-bottom: 1px solid #ddd; }
.modal-body { padding: 4px 20px 16px; }
.modal-foot { display: flex; justify-content: flex-end; gap: 8px; padding: 16px 20px; border-top: 1px solid #ddd; }
.input { margin-top: 16px; }
.label { font-weight: 700; } .optional { font-weight: 400; color: #616061; }
.box { margin-top: 4px; min-height: 36px; border: 1px solid #bbb; border-radius: 4px; padding: 7px 10px; box-sizing: border-box; color: #868686; }
.box.multi { min-height: 88px; } .box.menu::after { content: '▾'; float: right; color: #1d1c1d; }
.choice { display: flex; gap: 8px; margin-top: 6px; } .mark { flex: none; width: 16px; height: 16px; margin-top: 3px; border: 1px solid #868686; }
.radio { border-radius: 50%; } .check { border-radius: 4px; }
.desc { color: #616061; font-size: 13px; line-height: 18px; }
.hint { margin-top: 4px; font-size: 13px; line-height: 18px; color: #616061; }
`;

const TEAMS_CSS = `body { margin: 0; width: ${WIDTH}px; background: #f5f5f5; font-family: "Liberation Sans", Arial, sans-serif; }
#card { margin: 8px; border-radius: 4px; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.2); }
.dialog { margin: 8px; background: #fff; border-radius: 4px; box-shadow: 0 4px 12px rgba(0,0,0,.2); }
.dialog .dialog-title { padding: 16px 16px 0; font-size: 18px; font-weight: 700; }
.dialog #card { margin: 0; box-shadow: none; }`;

type SlackBlock = Record<string, unknown>;

/** Block Kit mrkdwn as HTML: it is already escaped; date tokens, `*bold*` and new lines are read. */
const mrkdwn = (text: string) =>
  shownDates(text)
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/\n/g, '<br>');
const plain = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Block Kit message as HTML, beside the bot's avatar and name. */
function slackBody(blocks: SlackBlock[]): string {
  return `<div class="message"><div class="avatar"></div><div class="content"><div class="sender"><b>microapp-bot</b><span>10:00 AM</span></div>${blocks.map(slackBlock).join('')}</div></div>`;
}

/** A Block Kit modal as HTML: its title, blocks and the Cancel and submit buttons. */
function slackModal(modal: SlackBlock): string {
  const text = (t: unknown) => plain((t as { text: string } | undefined)?.text ?? '');
  const blocks = (modal.blocks as SlackBlock[]).map(slackBlock).join('');
  return `<div class="modal"><div class="modal-title">${text(modal.title)}</div><div class="modal-body">${blocks}</div><div class="modal-foot"><span class="button">${text(modal.close)}</span>${
    modal.submit ? `<span class="button primary">${text(modal.submit)}</span>` : ''
  }</div></div>`;
}

/** An input block: its label, its element drawn empty (boxes, radio buttons, checkboxes, menus) and its hint. */
function slackInput(b: SlackBlock): string {
  const text = (t: unknown) => plain((t as { text: string } | undefined)?.text ?? '');
  const e = b.element as SlackBlock & { options?: { text: unknown; description?: unknown }[] };
  const choices = (kind: string) =>
    (e.options ?? [])
      .map(
        (o) =>
          `<div class="choice"><span class="mark ${kind}"></span><div>${text(o.text)}${o.description ? `<div class="desc">${text(o.description)}</div>` : ''}</div></div>`,
      )
      .join('');
  const element =
    e.type === 'radio_buttons'
      ? choices('radio')
      : e.type === 'checkboxes'
        ? choices('check')
        : e.type === 'plain_text_input' || e.type === 'number_input'
          ? `<div class="box${e.multiline ? ' multi' : ''}">${text(e.placeholder)}</div>`
          : `<div class="box menu">${text(e.placeholder) || 'Select options'}</div>`;
  return `<div class="input"><div class="label">${text(b.label)}${b.optional ? ' <span class="optional">(optional)</span>' : ''}</div>${element}${
    b.hint ? `<div class="hint">${text(b.hint)}</div>` : ''
  }</div>`;
}

/** One Block Kit block as HTML. */
function slackBlock(b: SlackBlock): string {
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
    case 'input':
      return slackInput(b);
    default:
      return `<div class="block">${b.type}</div>`;
  }
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
