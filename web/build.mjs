// Builds the page: ONE self-contained HTML file with the wasm core (a
// SINGLE_FILE Emscripten build), the page script and the styles inlined, so
// that it works when opened from file:// with no network (docs/web.md).
//
// Usage: node web/build.mjs --core <lif_core.js> --node-modules <dir> --out <lif.html>
//
// --node-modules is where `npm ci` installed web/package-lock.json (CMake uses
// <build>/web/node_modules; by hand, web/node_modules after `npm ci` in web/).
// Exits non-zero with a message on any error; writes the output atomically.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const args = { nodeModules: path.join(here, 'node_modules') };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--core') args.core = path.resolve(value);
    else if (flag === '--node-modules') args.nodeModules = path.resolve(value);
    else if (flag === '--out') args.out = path.resolve(value);
    else throw new Error(`unknown option ${flag}`);
  }
  if (!args.core || !args.out) {
    throw new Error('usage: build.mjs --core lif_core.js [--node-modules DIR] --out lif.html');
  }
  return args;
}

// Inline <script> and <style> end at the first "</script" or "</style"; keep
// any such text inside the code from closing the element early.
function inlineScript(code) {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
function inlineStyle(css) {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

// GOV.UK Frontend's compiled CSS, made self-contained: the GDS Transport font
// may only be used on service.gov.uk, and its files and the crest image would
// be requests leaving the page, so @font-face rules go (text falls back to
// Arial, the documented alternative) and asset URLs become `none`.
function govukCss(nodeModules) {
  const dir = path.join(nodeModules, 'govuk-frontend');
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  let css = fs.readFileSync(path.join(dir, 'dist/govuk/govuk-frontend.min.css'), 'utf8');
  css = css.replace(/@font-face\{[^}]*\}/g, '');
  css = css.replace(/url\((?!["']?data:)[^)]*\)/g, 'none');
  css = css.replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  if (/url\((?!["']?data:)/.test(css)) throw new Error('govuk-frontend CSS still refers to a URL');
  return `/* GOV.UK Frontend ${version} (MIT licence), without fonts and images. */\n${css}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const require = createRequire(path.join(args.nodeModules, 'noop.js'));
  const esbuild = require('esbuild');

  const bundle = async (entry) => {
    const built = await esbuild.build({
      entryPoints: [path.join(here, entry)],
      bundle: true,
      format: 'iife',
      target: ['es2020'],
      nodePaths: [args.nodeModules],
      write: false,
      legalComments: 'inline',
      logLevel: 'warning',
    });
    return built.outputFiles[0].text;
  };
  const app = await bundle('src/app.js');
  // The worker (web/src/worker.js) runs the core: its source is the core
  // followed by the bundled worker script, and the page starts it from a Blob.
  const workerScript = await bundle('src/worker.js');
  const core = fs.readFileSync(args.core, 'utf8');
  if (!core.includes('createLifCore')) throw new Error(`${args.core} does not define createLifCore`);
  const css = [
    govukCss(args.nodeModules),
    fs.readFileSync(path.join(here, 'src/style.css'), 'utf8'),
  ].join('\n');

  const parts = {
    '/*lif:style*/': inlineStyle(css),
    '/*lif:worker*/': inlineScript(`${core}\n;\n${workerScript}`),
    '/*lif:app*/': inlineScript(app),
  };
  let html = fs.readFileSync(path.join(here, 'src/index.html'), 'utf8');
  for (const [marker, text] of Object.entries(parts)) {
    if (html.split(marker).length !== 2) throw new Error(`index.html must contain ${marker} once`);
    // A function replacement: the code may contain "$&" and similar patterns.
    html = html.replace(marker, () => text);
  }

  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  const tmp = `${args.out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, html);
  fs.renameSync(tmp, args.out);
  console.log(`wrote ${args.out} (${(html.length / 1024).toFixed(0)} KB)`);
}

main().catch((e) => {
  console.error(`build.mjs: ${e.message}`);
  process.exit(1);
});
