import { processIo } from './io';

const argv = process.argv.slice(2);
// Before the CLI's own modules load (run.ts brings in every command and the app): a new
// embedded folder's first run then overlaps with that loading (early-first-run.ts).
if (argv[0] === 'serve') await (await import('./early-first-run')).beginServeEarly(process.env);
const { runCli } = await import('./run');
process.exitCode = await runCli(argv, processIo);
