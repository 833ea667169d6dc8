// Builds the page's widget front end (`make serve` and `make test` run it; node build.mjs):
// src/main.js and src/widgets.css, with the npm packages pinned in package-lock.json, into one
// script and one stylesheet in the page template's static folder (widgets.js, widgets.css).
//
// What goes in, and what is left out, to keep a phone's download small (docs/performance.md):
// - of @jupyter-widgets/controls, the classes the dashboard uses (src/controls-subset.js); a
//   widget class added to explainer/dashboard.py must be added there too (tests/test_frontend.py
//   compares them);
// - sanitize-html (only a description with description_allow_html uses it, which the dashboard
//   never sets) is replaced by src/no-sanitize-html.js, which escapes instead;
// - @jupyterlab/services' kernel connection does `require("..")`, the whole package index, for
//   two names; the index is CommonJS, so the bundler cannot drop the rest (contents, sessions,
//   terminals, settings with ajv, ...): that one require gets src/services-shim.js.
//
// Two changes to ipywidgets' code, for an upstream bug that no setting reaches (each must match
// exactly once, or the build fails: an upgrade that moves the code must be looked at):
// - get_model waits 2 s for a widget the page has not received yet, then the output shows
//   "Error displaying widget: model not found" for good: 60 s;
// - the page waits 4 s for the kernel's widget states, then falls back to asking for each widget
//   in a way that fails the same way (jupyter-widgets/ipywidgets#3633): 60 s.
// When many visitors arrive at once, the kernel's answers can come later than either wait.
import * as esbuild from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, '../server/jupyter/nbconvert/templates/explainer/static');
const WAIT_MS = 60000;
const PATCHES = [
  {
    name: "ipywidgets' 2 s wait for a widget's model",
    pattern: /(const timeout = )2000;/g,
    replacement: `$1${WAIT_MS};`,
  },
  {
    name: "ipywidgets' 4 s wait for the widget states",
    pattern: /(export const CONTROL_COMM_TIMEOUT = )4000;/g,
    replacement: `$1${WAIT_MS};`,
  },
];
const MANAGER = /@jupyter-widgets[\\/]base-manager[\\/]lib[\\/]manager-base\.js$/;
const SHIM_FROM = /@jupyterlab[\\/]services[\\/]lib[\\/]kernel[\\/]default\.js$/;
const applied = new Set();

const changes = {
  name: 'explainer-changes',
  setup(build) {
    build.onLoad({ filter: /manager-base\.js$/ }, async (args) => {
      if (!MANAGER.test(args.path)) return undefined;
      let text = await readFile(args.path, 'utf8');
      for (const patch of PATCHES) {
        const count = (text.match(patch.pattern) || []).length;
        if (count !== 1) {
          throw new Error(`${patch.name}: the code to change was found ${count} times in ${args.path}, not once`);
        }
        text = text.replace(patch.pattern, patch.replacement);
        applied.add(patch.name);
      }
      return { contents: text, loader: 'js' };
    });
    build.onResolve({ filter: /^@jupyter-widgets\/controls$/ }, (args) =>
      args.importer === path.join(HERE, 'src', 'main.js')
        ? { path: path.join(HERE, 'src', 'controls-subset.js') }
        : undefined
    );
    build.onResolve({ filter: /^sanitize-html$/ }, () => ({
      path: path.join(HERE, 'src', 'no-sanitize-html.js'),
    }));
    build.onResolve({ filter: /^\.\.$/ }, (args) => {
      if (!SHIM_FROM.test(args.importer)) return undefined;
      applied.add('services index shim');
      return { path: path.join(HERE, 'src', 'services-shim.js') };
    });
  },
};

// The widgets' own styles (controls' widgets-base.css, with lumino's); nouislider's are left out:
// the dashboard has no slider.
const css = {
  name: 'explainer-css',
  setup(build) {
    build.onResolve({ filter: /nouislider\.css$/ }, () => ({ path: 'nouislider', namespace: 'empty' }));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'css' }));
  },
};

await esbuild.build({
  entryPoints: [path.join(HERE, 'src', 'main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
  outfile: path.join(OUT, 'widgets.js'),
  legalComments: 'eof',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [changes],
  logLevel: 'warning',
});
for (const name of [...PATCHES.map((p) => p.name), 'services index shim']) {
  if (!applied.has(name)) throw new Error(`not applied: ${name}`);
}
await esbuild.build({
  entryPoints: [path.join(HERE, 'src', 'widgets.css')],
  bundle: true,
  minify: true,
  outfile: path.join(OUT, 'widgets.css'),
  plugins: [css],
  logLevel: 'warning',
});
// The widget protocol and model versions this front end speaks, for the server's start check
// against the Python ipywidgets it runs (server/upstream.py): a mismatch would draw nothing.
async function version(file, name) {
  const text = await readFile(path.join(HERE, 'node_modules', file), 'utf8');
  const found = text.match(new RegExp(`export const ${name} = '([^']+)'`));
  if (!found) throw new Error(`${name} not found in ${file}`);
  return found[1];
}
const versions = {
  base: await version('@jupyter-widgets/base/lib/version.js', 'JUPYTER_WIDGETS_VERSION'),
  protocol: await version('@jupyter-widgets/base/lib/version.js', 'PROTOCOL_VERSION'),
  controls: await version('@jupyter-widgets/controls/lib/version.js', 'JUPYTER_CONTROLS_VERSION'),
};
await writeFile(path.join(OUT, 'widgets.json'), JSON.stringify(versions, null, 2) + '\n');
console.log(`frontend: built ${path.relative(process.cwd(), OUT)}/widgets.{js,css,json}`);
