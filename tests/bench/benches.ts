// Every `npm run bench -- <name>`. `all` runs them from this list (all.ts); a bench added here
// joins it when all.ts's ALL_RUNS names it with reduced arguments.
export type BenchMain = (args: string[]) => Promise<unknown>;

export const benches: Record<string, () => Promise<{ main: BenchMain }>> = {
  recompute: () => import('./recompute'),
  ingest: () => import('./ingest'),
  seed: () => import('./seed'),
  slack: () => import('./slack'),
  teams: () => import('./teams'),
  digest: () => import('./digest'),
  delivery: () => import('./delivery'),
  track: () => import('./track'),
  freshness: () => import('./freshness'),
  plays: () => import('./plays'),
  stats: () => import('./stats'),
  charts: () => import('./charts'),
  erase: () => import('./erase'),
  scale: () => import('./scale'),
  all: () => import('./all'),
};
