/**
 * Preloaded into svg-term-cli (scripts/recording/svg.ts). svg-term keeps React 16 in its own
 * node_modules, but its styling library (@stiligita/react, hoisted to the top) then finds this
 * project's React 19, and React 16's renderer refuses React 19's elements ("Unknown element-like
 * object type"). This sends @stiligita's `react` / `react-dom` to svg-term's React 16.
 */
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const svgTerm = path.dirname(require.resolve('svg-term/package.json', { paths: [path.join(root, 'node_modules', 'svg-term-cli')] }));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const react = /^react(-dom)?(\/|$)/.test(request);
  if (react && parent && parent.filename && parent.filename.includes(`${path.sep}@stiligita${path.sep}`)) {
    return resolve.call(this, request, { ...parent, paths: Module._nodeModulePaths(svgTerm) }, ...rest);
  }
  return resolve.call(this, request, parent, ...rest);
};
