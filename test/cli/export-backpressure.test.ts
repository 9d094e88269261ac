import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { seedExportBench } from '../../bench/export-throughput';
import type { ExportDeps, ExportFormat } from '../../src/app/queries/export-apps';
import { exportApps } from '../../src/app/queries/export-apps';
import { MAX_PAGE } from '../../src/app/queries/list-apps';
import { runCli } from '../../src/cli/run-cli';
import { writeChunks } from '../../src/cli/write-chunks';
import { createPeopleDirectory } from '../../src/people/people-directory';
import type { Registry } from '../../src/ports/registry';
import type { DatabaseTarget } from '../../src/store/database-target';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import type { TestDatabase } from '../support/test-databases';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

const APPS = 6 * MAX_PAGE + 37;
const PAGES = Math.ceil(APPS / MAX_PAGE);
const CLI = join(__dirname, '../../dist/src/cli/main.js');
const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);

/** A reader that takes nothing while stalled (its buffer is tiny), then everything once resumed. */
function stallingReader() {
  const received: Buffer[] = [];
  const waiting: (() => void)[] = [];
  let stalled = true;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk);
      if (stalled) waiting.push(done);
      else done();
    },
  });
  return {
    stream,
    text: () => Buffer.concat(received).toString('utf8'),
    resume() {
      stalled = false;
      for (const done of waiting.splice(0)) done();
    },
  };
}

/** Lets the exporter run until it reads no further page (it is waiting on the reader, or done). */
async function untilStill(pages: () => number): Promise<void> {
  let seen = -1;
  for (let still = 0; still < 10; still = pages() === seen ? still + 1 : 0) {
    seen = pages();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

for (const dialect of DIALECTS) {
  describe(`export to a slow reader on ${dialect}`, () => {
    let db: TestDatabase;
    let registry: Registry;
    let pages: number;
    let deps: ExportDeps;
    beforeAll(async () => {
      db = await createTestDatabase(dialect);
      await seedExportBench(db.target, POLICY_DIR, APPS);
      registry = await createKyselyRegistry(db.target);
      const apps = registry.apps;
      const counted: typeof apps = Object.create(apps);
      counted.list = (query) => {
        pages++;
        return apps.list(query);
      };
      deps = {
        registry: { ...registry, apps: counted },
        directory: createPeopleDirectory({
          people: registry.people,
          messengers: new Map(),
          clock: { now: () => new Date() },
        }),
      };
    }, 60_000);
    afterAll(async () => {
      await registry?.close();
      await db?.drop();
    });
    beforeEach(() => {
      pages = 0;
    });

    test.each<ExportFormat>(['csv', 'json'])(
      '%s: while the reader stalls at most two pages are read; once it resumes it gets exactly what a prompt export gives',
      async (format) => {
        const expected = await collect(exportApps(deps, format));
        expect(pages).toBe(PAGES);
        pages = 0;

        const reader = stallingReader();
        const writing = writeChunks(exportApps(deps, format), reader.stream);
        await untilStill(() => pages);
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(pages).toBeLessThanOrEqual(2);
        expect(reader.text().length).toBeLessThan(expected.length / 2);

        reader.resume();
        await expect(writing).resolves.toBe('written');
        expect(pages).toBe(PAGES);
        expect(reader.text()).toBe(expected);
      },
    );

    test('a reader that goes away (EPIPE) ends the export quietly with exit 0, reading no further', async () => {
      let writes = 0;
      const gone = new Writable({
        write(_chunk, _encoding, done) {
          writes++;
          done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        },
      });
      let out = '';
      let err = '';
      const code = await runCli(['export', '--format', 'csv'], {
        env: { DATABASE_URL: url(db.target), POLICY_DIR },
        cwd: process.cwd(),
        user: 'tester',
        out: (t) => (out += t),
        err: (t) => (err += t),
        stdout: gone,
      });
      expect({ code, out, err, writes }).toEqual({ code: 0, out: '', err: '', writes: 1 });
    });

    test('the built CLI piped into a reader that closes after the first bytes exits 0 and says nothing', async () => {
      if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` does).`);
      const child = spawn(process.execPath, [CLI, 'export', '--format', 'json'], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: url(db.target), POLICY_DIR },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      let first = 0;
      child.stdout.once('data', (chunk: Buffer) => {
        first = chunk.length;
        child.stdout.destroy();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(first).toBeGreaterThan(0);
    }, 30_000);
  });
}
