import { writeFileSync } from 'node:fs';

// Preloaded (`node -r`) into a process the bench measures: at exit, its peak resident set in KiB goes to $BENCH_MAX_RSS_FILE.
const file = process.env.BENCH_MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
