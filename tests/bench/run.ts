// `npm run bench -- <name>`: benchmarks, not tests. Each prints its figures next to a baseline
// measured in the same run, with the ratio and the dataset size.
import { benches } from './benches';

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
