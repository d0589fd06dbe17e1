// The compiled build: src/ bundled by esbuild (tsx's own compiler, already installed) into
// dist/server/, so `npm start` loads plain JavaScript instead of compiling ~500 TypeScript files
// through tsx on a first start. bin/tend.js runs it only while every source it was built from is
// unchanged (scripts/build-fresh.mjs); otherwise it runs the sources through tsx as before.
// `npm install` builds it (postinstall); `npm run build` rebuilds it after an edit.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_DIR, buildKey, MANIFEST, ROOT } from './build-fresh.mjs';

const sha = (data) => createHash('sha256').update(data).digest('hex');

/** esbuild as tsx resolves it (tsx depends on it; the project does not name it itself). */
async function loadEsbuild() {
  const fromTsx = createRequire(createRequire(join(ROOT, 'package.json')).resolve('tsx'));
  return import(pathToFileURL(fromTsx.resolve('esbuild')).href);
}

/**
 * Each module's import.meta.url stays its source file's URL, so files found beside a module
 * (the local workspace's web page, node_modules/.cache, createRequire) are found from the build.
 * The bundle's own location is __tend_build_url (the banner), which first-run.ts reads.
 */
function sourceUrls(outdir, bundled) {
  return {
    name: 'tend-source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const bytes = readFileSync(args.path);
        // Hashed as read: an edit during the build makes the build stale, never mislabelled.
        bundled.set(args.path, sha(bytes));
        let contents = bytes.toString('utf8');
        if (/import\.meta\.(url|dirname|filename)/.test(contents)) {
          const rel = JSON.stringify(relative(outdir, args.path).split(sep).join('/'));
          const url = `new URL(${rel}, import.meta.url).href`;
          contents = contents
            .replaceAll('import.meta.url', url)
            .replaceAll('import.meta.filename', `__tendFileURLToPath(${url})`)
            .replaceAll('import.meta.dirname', `__tendDirname(__tendFileURLToPath(${url}))`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Packages bundled into the build rather than loaded from node_modules: pure-JavaScript ES
 * modules of hundreds of files each, which node loads file by file (kysely ~450). As one chunk
 * they load in half the time; the first-run child of a first start and the server both load
 * them. Everything else stays external: packages with native parts, workers or files of their
 * own (pg, pino, PGlite, Bolt, botbuilder) load as they would under tsx, and so does yaml, whose
 * node entry is CommonJS that requires node's modules at run time (a bundle cannot). A bundled
 * package's package.json is one of the build's inputs, so upgrading it makes the build stale.
 */
export const BUNDLED_PACKAGES = ['kysely', 'zod'];

const packageName = (specifier) =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? specifier);

/** Bare imports stay external unless they name one of BUNDLED_PACKAGES. */
function externalPackages() {
  return {
    name: 'tend-external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        BUNDLED_PACKAGES.includes(packageName(args.path))
          ? undefined
          : { path: args.path, external: true },
      );
    },
  };
}

export async function build() {
  const started = performance.now();
  const esbuild = await loadEsbuild();
  // Built beside and renamed: a start racing a build sees the old build or the new, never half.
  const partial = `${BUILD_DIR}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  // Before bundling, for the same reason as the hashes: a change meanwhile reads as stale.
  const key = buildKey();
  const bundled = new Map();
  const inputs = {};
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { main: 'src/cli/main.ts', 'first-run': 'src/cli/first-run.ts' },
      outdir: partial,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Packages load from node_modules as they do under tsx (native and wasm files stay
      // theirs), but for BUNDLED_PACKAGES (externalPackages).
      keepNames: true,
      sourcemap: true,
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      banner: {
        js: [
          'const __tend_build_url = import.meta.url;',
          "import { fileURLToPath as __tendFileURLToPath } from 'node:url';",
          "import { dirname as __tendDirname } from 'node:path';",
        ].join('\n'),
      },
      plugins: [externalPackages(), sourceUrls(BUILD_DIR, bundled)],
    });
    // What the build was made from: every source it bundled, by content.
    for (const path of Object.keys(result.metafile.inputs).sort()) {
      if (path.includes('node_modules/')) continue;
      inputs[path] = bundled.get(join(ROOT, path)) ?? sha(readFileSync(join(ROOT, path)));
    }
    for (const name of BUNDLED_PACKAGES) {
      // Where the project's own imports resolve it (node_modules at the root).
      const path = `node_modules/${name}/package.json`;
      inputs[path] = sha(readFileSync(join(ROOT, path)));
    }
    const manifest = { key, inputs };
    writeFileSync(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
    rmSync(BUILD_DIR, { recursive: true, force: true });
    mkdirSync(dirname(BUILD_DIR), { recursive: true });
    renameSync(partial, BUILD_DIR);
  } finally {
    // A failed build leaves nothing half-made behind (after the rename there is nothing here).
    rmSync(partial, { recursive: true, force: true });
  }
  return { ms: Math.round(performance.now() - started), files: Object.keys(inputs).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { ms, files } = await build();
  console.log(`tend: built ${files} sources into ${relative(ROOT, BUILD_DIR)} in ${ms} ms`);
}
