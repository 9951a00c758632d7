// Two projects: unit specs beside the code, e2e specs under test/ that boot the real app on the embedded engine.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });
// The swagger plugin documents DTOs at build time; tests compile with it too so /docs-json is the real one.
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      isolatedModules: false,
      // Types are checked once by `npm run lint` (tsc); tests only need the emitted code.
      diagnostics: false,
      astTransformers: {
        before: ['<rootDir>/test/support/swagger-plugin-transformer.js'],
      },
    },
  ],
  // ESM-only dependencies (@fastify/static 10 → content-disposition 3): Node loads them with
  // require(esm), jest's CommonJS runtime cannot, so they are compiled to CommonJS for tests.
  '^.+/node_modules/(content-disposition|eventsource|eventsource-parser)/.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs' } }],
  // otplib 13's default plugins pull in @scure/base and @noble/hashes, ESM-only too.
  '^.+/node_modules/@(scure|noble)/.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs' } }],
};
// eventsource 5 (and its parser) are ESM-only too: the SSE tests use the real client.
const transformIgnorePatterns = ['/node_modules/(?!content-disposition/|eventsource/|eventsource-parser/|@scure/|@noble/)'];

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/tools'],
      testRegex: '\\.spec\\.ts$',
      setupFiles: ['reflect-metadata'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testRegex: '\\.e2e-spec\\.ts$',
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
