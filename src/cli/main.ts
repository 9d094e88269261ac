import { userInfo } from 'node:os';
import { runCli } from './run-cli';

void runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  user: userInfo().username,
  out: (text) => process.stdout.write(text),
  stdout: process.stdout,
  input: process.stdin.isTTY ? process.stdin : undefined,
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
