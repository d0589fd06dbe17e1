// Loaded into a benchmarked `tend serve` with `node --import`: on SIGUSR2 it writes where the
// process's memory goes (V8 heap, external, array buffers, PGlite's WebAssembly memory) as JSON
// to TEND_MEM_PROBE_OUT. Plain JS so it runs before tsx is registered.
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';

// Weak: a closed PGlite's memory must stay collectable, or the probe would be what holds it.
const memories = new Set();
const note = (instance) => {
  for (const value of Object.values(instance?.exports ?? {})) {
    if (value instanceof WebAssembly.Memory) memories.add(new WeakRef(value));
  }
};
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...args) {
  const result = await instantiate.apply(this, args);
  note(result.instance ?? result);
  return result;
};
WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
  construct(target, args) {
    const memory = new target(...args);
    memories.add(new WeakRef(memory));
    return memory;
  },
});

const mb = (n) => Math.round(n / 1048576);
process.on('SIGUSR2', () => {
  const usage = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  const wasm = [...memories].reduce((sum, ref) => sum + (ref.deref()?.buffer.byteLength ?? 0), 0);
  writeFileSync(
    process.env.TEND_MEM_PROBE_OUT,
    JSON.stringify({
      heapUsedMb: mb(usage.heapUsed),
      heapTotalMb: mb(usage.heapTotal),
      mallocedMb: mb(heap.malloced_memory),
      externalMb: mb(usage.external),
      arrayBuffersMb: mb(usage.arrayBuffers),
      wasmMemoryMb: mb(wasm),
    }),
  );
});
