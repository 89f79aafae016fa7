// Module hooks for a user's modules: scenario files and config files (registered by user-module.ts
// in every thread that loads them).
// Plain JavaScript: this runs on Node's hooks thread, before any TypeScript loader applies.
//
// 1. The bare specifier `pgready` resolves to this pgready's public entry (src/index.ts), so a
//    scenario in any folder can `import { defineScenario } from 'pgready'` without node_modules.
// 2. A file under a scenario folder (and what it imports relatively from there) is an ES module,
//    whatever package.json says or lacks: without one, Node and tsx would take it for CommonJS
//    and fail ("Cannot require() ES Module … in a cycle"). tsx still strips its TypeScript.
import fs from 'node:fs';

/** file: URLs of the scenario folders, each ending in '/'. */
const roots = new Set();
let selfUrl = '';

export async function initialize(data) {
  selfUrl = data.selfUrl;
  data.port.on('message', (message) => {
    for (const root of message.roots) roots.add(root);
    data.port.postMessage({ ack: message.id });
  });
  data.port.unref();
}

function underRoot(url) {
  if (!url.startsWith('file:') || url.includes('/node_modules/')) return false;
  for (const root of roots) if (url.startsWith(root)) return true;
  return false;
}

const CANDIDATE_SUFFIXES = ['', '.ts', '.mts', '.js', '.mjs', '/index.ts', '/index.js'];

/** The file a relative or file: specifier names under a scenario folder, tried as TypeScript resolves it. */
function fileUnderRoot(specifier, parentURL) {
  if (!/^(\.{1,2}\/|file:)/.test(specifier)) return undefined;
  const base = new URL(specifier, parentURL);
  if (!underRoot(base.href)) return undefined;
  const tries = CANDIDATE_SUFFIXES.map((suffix) => new URL(base.href + suffix));
  if (/\.m?js$/.test(base.pathname)) tries.push(new URL(base.href.replace(/\.(m?)js$/, '.$1ts')));
  return tries.find((url) => fs.existsSync(url) && fs.statSync(url).isFile());
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'pgready') return { url: selfUrl, format: 'module', shortCircuit: true };
  const file = fileUnderRoot(specifier, context.parentURL ?? 'file:///');
  if (file) return { url: file.href, format: 'module', shortCircuit: true };
  return nextResolve(specifier, context);
}
