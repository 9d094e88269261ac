import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** One import of a source file: the file, what it wrote, and the repository file it resolves to (relative imports only). */
export interface SourceImport {
  file: string;
  specifier: string;
  target?: string;
}

/** Every `.ts` file under `dir` (relative to `root`), sorted. */
export function sourceFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .sort()
    .flatMap((e) => {
      const path = join(dir, e);
      if (statSync(join(root, path)).isDirectory()) return sourceFiles(root, path);
      return e.endsWith('.ts') ? [path] : [];
    });
}

/** The imports (static, dynamic and `require`) of each file, relative ones resolved to repository files. */
export function importsOf(root: string, files: string[]): SourceImport[] {
  const known = new Set(files);
  return files.flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map(
      (m) => {
        const specifier = m[1]!;
        if (!specifier.startsWith('.')) return { file, specifier };
        const base = normalize(join(dirname(file), specifier));
        return { file, specifier, target: [`${base}.ts`, join(base, 'index.ts'), base].find((c) => known.has(c)) };
      },
    ),
  );
}

/** The folder a file sits in. */
export const folderOf = (file: string) => dirname(file);

/** The cycles of a directed graph (its strongly connected components of more than one node), each listed in a stable order. */
export function cyclesOf(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) !== order.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of [...edges.keys()].sort()) if (!order.has(v)) visit(v);
  return cycles;
}

/** The graph of `imports` between files, or between folders when `by` maps a file to its folder. */
export function graphOf(imports: SourceImport[], by: (file: string) => string = (f) => f): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!i.target) continue;
    const [from, to] = [by(i.file), by(i.target)];
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
  return edges;
}
