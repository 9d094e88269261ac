import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfigRule } from '@secretlint/types';
import type { FieldError } from '../domain/errors';
import { detectSecret } from './detect-secret';
import { isPlaceholder } from './placeholder';

/** A secret found in one field. It names where, never what: a secret used as a field name shows as `?` in the path. */
export interface SecretFinding {
  field: string;
  path: string;
  /** True when the secret was a field name rather than a value. */
  inName: boolean;
}

const COMMENT_FILTER_RULE = '@secretlint/secretlint-rule-filter-comments';

// secretlint 11 records a performance mark on every scan and keeps them all (secretlint issues
// #1633, #1653): each scan then costs more than the last and memory only grows. Its switch-off,
// setEnabled(false), arrived in 13.x, which needs Node 22; until then the marks are dropped here.
// @secretlint/profiler is pinned to the version @secretlint/core uses, so this is the same object.
secretLintProfiler.mark = () => undefined;

/** Scans every string in a value for credentials. */
export interface SecretScanner {
  scan(value: unknown): Promise<SecretFinding[]>;
}

/**
 * Builds a scanner: our detection engine (`detectSecret`) on every string, then secretlint's
 * recommended rules on what it left, with their matches checked against our placeholder allowlist.
 * The comment-filter rule is left out on purpose: it honours `secretlint-disable` comments, which
 * would let anyone who types such a comment into a form slip a secret past the scan.
 */
export function createSecretScanner(): SecretScanner {
  const rules = recommendedRules
    .filter((rule) => rule.meta.type === 'scanner' && rule.meta.id !== COMMENT_FILTER_RULE)
    .map((rule): SecretLintCoreConfigRule => ({ id: rule.meta.id, rule: rule as SecretLintCoreConfigRule['rule'] }));
  return {
    async scan(value) {
      const found = new Map<string, SecretFinding>();
      const add = ({ path, inName }: Segment) => found.set(path, { field: path.split('.')[0]!, path, inName });
      const rest: Segment[] = [];
      const segments = stringLeaves(value);
      const order = segments.map((s) => s.path);
      for (const segment of segments) {
        if (detectSecret(segment.text)) add(segment);
        else rest.push(segment);
      }
      for (const segment of await secretlintFindings(rules, rest)) add(segment);
      return [...found.values()].sort((a, b) => order.indexOf(a.path) - order.indexOf(b.path));
    },
  };
}

/** The segments in which secretlint's rules find something our placeholder allowlist does not excuse. */
async function secretlintFindings(rules: SecretLintCoreConfigRule[], segments: Segment[]): Promise<Segment[]> {
  if (segments.length === 0) return [];
  let content = '';
  const starts: number[] = [];
  for (const s of segments) {
    starts.push(content.length);
    content += s.text + '\n';
  }
  const result = await lintSource({
    source: { content, filePath: 'manifest.txt', ext: '.txt', contentType: 'text' },
    options: { config: { rules }, maskSecrets: false, noPhysicFilePath: true },
  });
  return result.messages
    .filter((m) => !isPlaceholder(content.slice(m.range[0], m.range[1])))
    .map((m) => segments[segmentAt(starts, m.range[0])]!);
}

/** Field errors for secret findings: they tell the person to use the vault and never repeat the value. */
export function secretFieldErrors(findings: SecretFinding[]): FieldError[] {
  return findings.map((f) => ({
    field: f.field,
    path: f.path,
    secret: true,
    message:
      'This looks like a password, key, token or connection string. Remove it and store it in the vault; ' +
      'refer to it by name instead (for example "vault: crm-api-key").',
  }));
}

interface Segment {
  path: string;
  text: string;
  inName: boolean;
}

function stringLeaves(value: unknown, path = '', out: Segment[] = []): Segment[] {
  if (typeof value === 'string') out.push({ path, text: value, inName: false });
  else if (Array.isArray(value)) value.forEach((v, i) => void stringLeaves(v, join(path, String(i)), out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: join(path, '?'), text: k, inName: true });
      stringLeaves(v, join(path, k), out);
    }
  }
  return out;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function segmentAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
