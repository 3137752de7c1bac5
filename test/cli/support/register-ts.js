/**
 * Lets Node run the CLI from its TypeScript sources in a child process:
 *   node -r ./test/cli/support/register-ts.js src/cli/main.ts ...
 * swc compiles each .ts file as Jest does (tsx cannot: esbuild emits no decorator metadata, and
 * Nest's injection needs it), and @ledger/* resolves to libs/ as in tsconfig's paths.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..', '..');
const LEDGER_LIB = /^@ledger\/(event-store|decider|projections|http-kit)(\/.*)?$/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = LEDGER_LIB.exec(request);
  const mapped = match ? path.join(root, 'libs', match[1], 'src', match[2] ?? '') : request;
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
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
