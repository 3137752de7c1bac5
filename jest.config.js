// NestJS 12 ships ESM only; @swc/jest turns it (and our TypeScript) into CommonJS for Jest.
const esmPackages = ['@nestjs', 'uuid', 'nestjs-pino', 'content-disposition', 'glob', 'minimatch', 'path-scurry', 'lru-cache', 'minipass', 'jackspeak', '@isaacs', 'balanced-match', 'brace-expansion'].join('|');
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper: {
    '^@ledger/(event-store|decider|projections|http-kit)$': '<rootDir>/libs/$1/src',
    '^@ledger/(event-store|decider|projections|http-kit)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
module.exports = {
  // 2 cores: one worker per core keeps SQLite files and HTTP ports from contending.
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
