/**
 * Lets a child process run the app from TypeScript sources: `node -r ./test/support/swc-register.js x.ts`.
 * tsx cannot (esbuild emits no decorator metadata, which Nest's injection needs); this compiles
 * each file with swc as Jest does and maps the @ledger/* libraries as tsconfig does.
 */
const { transformSync } = require('@swc/core');
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const library = /^@ledger\/(event-store|decider|projections|http-kit)(\/.*)?$/.exec(request);
  const mapped = library ? path.join(root, 'libs', library[1], 'src', library[2] ?? '') : request;
  return resolveFilename.call(this, mapped, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    // Stack traces of child processes then point at the TypeScript lines.
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
