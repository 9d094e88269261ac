import type { ServerResponse } from 'node:http';

/** One field's problem in an invalid manifest. */
export interface FieldProblem {
  field: string;
  path: string;
  message: string;
}

/** An RFC 9457 problem: what went wrong (`title`), this occurrence in plain words (`detail`), and per-field problems. */
export interface Problem {
  /** A stable code: the problem's `type` is `urn:microapp:problem:<code>`. */
  code: string;
  title: string;
  detail: string;
  errors?: FieldProblem[];
}

/** Sends an `application/problem+json` answer. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  problem: Problem,
  headers: Record<string, string> = {},
): void {
  const { code, ...rest } = problem;
  const text = JSON.stringify({ type: `urn:microapp:problem:${code}`, status, ...rest });
  res.writeHead(status, {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}
