// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', '.local-tenant', 'src/routeTree.gen.ts', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // One direction only: lib/components -> features -> routes/app. A feature never imports another feature.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src', from: './tenant', message: 'The console talks to a tenant over HTTP only.' },
            { target: './src/lib', from: ['./src/features', './src/routes', './src/app', './src/components'] },
            { target: './src/components', from: ['./src/features', './src/routes', './src/app'] },
            { target: './src/features', from: ['./src/routes', './src/app'] },
            ...['auth', 'tenant', 'spaces', 'connections', 'data-files', 'catalog', 'uploads', 'audit', 'users'].map((feature) => ({
              target: `./src/features/${feature}`,
              from: './src/features',
              except: [`./${feature}`],
              message: 'A feature never imports another feature; compose them in a route.',
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['tenant/**/*.ts'],
    rules: {
      // The local tenant never imports console code; the console never imports the tenant.
      'import-x/no-restricted-paths': ['error', { zones: [{ target: './tenant', from: './src' }] }],
    },
  },
  {
    // Handlers parse, check access, call one store or service and shape the answer: SQL and the database stay
    // in tenant/store, changes go through tenant/services (where their events are recorded). tenant/test/layout.test.ts
    // checks the same with the compiler, plus the size of handlers.
    files: ['tenant/api/**/*.ts'],
    ignores: ['tenant/api/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='db']",
          message: 'tenant/api never touches the database: call a store (reads) or a service in tenant/services (changes).',
        },
        ...['Literal[value', 'TemplateElement[value.raw'].map((attribute) => ({
          selector: `${attribute}=/\\b(SELECT\\b[^]*\\bFROM|INSERT\\s+(OR\\s+\\w+\\s+)?INTO|UPDATE\\s+\\S+\\s+SET|DELETE\\s+FROM|REPLACE\\s+INTO)\\b/i]`,
          message: 'SQL stays in tenant/store; changes go through a service in tenant/services, which records their events.',
        })),
      ],
    },
  },
  {
    // npm test runs Vitest beside the browser tests, several times slower than alone: a timeout written as a number
    // is not scaled for that (CI failed on one), scaledTimeout(seconds) from tenant/test/timeouts.ts is.
    files: ['src/**/*.test.{ts,tsx}', 'tenant/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.name=/^(it|test|describe|beforeAll|beforeEach|afterAll|afterEach)$/] > Literal[raw=/^\\d/]",
          "CallExpression[callee.object.name=/^(it|test|describe)$/] > Literal[raw=/^\\d/]",
          "Property[key.name='timeout'] > Literal[raw=/^\\d/]",
        ].map((selector) => ({
          selector,
          message: 'A timeout in a test is scaledTimeout(seconds) (tenant/test/timeouts.ts), so npm test can lengthen it.',
        })),
      ],
    },
  },
);
