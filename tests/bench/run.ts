// `npm run bench -- <name>`: benchmarks, not tests. Each prints its figures next to a baseline
// measured in the same run, with the ratio and the dataset size.
const benches: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  recompute: () => import('./recompute'),
  ingest: () => import('./ingest'),
  seed: () => import('./seed'),
  slack: () => import('./slack'),
  teams: () => import('./teams'),
  digest: () => import('./digest'),
  delivery: () => import('./delivery'),
  track: () => import('./track'),
  freshness: () => import('./freshness'),
  erase: () => import('./erase'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? benches[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
try {
  await (await load()).main(args);
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}

export {};
