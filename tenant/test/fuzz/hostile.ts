import fc from 'fast-check';

/** Names every JavaScript object answers to: a lookup by a client-supplied key must not find them. */
export const INHERITED_NAMES = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
] as const;

/** Numbers as a query string or a header carries them: non-finite, huge, negative, fractional, odd syntax. */
export const NUMBER_TEXTS = [
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  'NaN',
  '-0',
  '1e-999',
  '9007199254740993',
  '99999999999999999999999',
  '0x10',
  '1_000',
  '+5',
  ' 5',
  '5.5',
  '-1',
  '0',
  '101',
  '',
] as const;

export const NASTY_STRINGS = [
  '../../etc/passwd',
  '/absolute/path',
  '..',
  '.',
  '%00',
  'a\u0000b',
  'tab\there',
  'line\nbreak',
  'CON',
  'nul.txt',
  '🙂',
  '\uD800',
  '<script>alert(1)</script>',
  ' ',
  '*',
  '?',
  '%',
  '%zz',
  "'; DROP TABLE spaces; --",
  'name eq "x"',
  '"',
  '\\',
] as const;

export const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS, ...INHERITED_NAMES, ...NUMBER_TEXTS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 300, maxLength: 600 }),
);

/** A JSON value built to reach lookups by key, numeric checks and recursive code. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.constantFrom(0, -1, 1.5, 2 ** 53 + 2, 1e308, -1e308, true, false, null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom(...INHERITED_NAMES)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A JSON text: `1e999` parses to Infinity, which no JSON.stringify could write. */
export function jsonText(value: unknown, infinities: boolean): string {
  const text = JSON.stringify(value) ?? 'null';
  return infinities ? text.replace(/1e\+308/g, '1e999') : text;
}

export const deepJson = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
export const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * Spellings of one path that a careless check and the router could read differently: each a rule the tenant must
 * apply the same way for every decision it takes (auth, scopes, rate limit, CORS).
 */
export function pathVariants(path: string): string[] {
  const encode = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const segments = path.split('/');
  const first = (transform: (segment: string) => string) =>
    segments.map((s, i) => (i === 0 || !s ? s : transform(s))).join('/');
  const variants = [
    path.replace(/[a-z]/g, encode), // every letter encoded
    path.replace(/[a-z]/g, (c) => encode(c).toUpperCase()),
    first((s) => encode(s[0]!) + s.slice(1)), // one letter per segment
    first((s) => `%25${encode(s[0]!).slice(1)}${s.slice(1)}`), // double encoding
    `/${path.slice(1).replace(/\//g, '%2F')}`, // encoded slashes
    path.replace(/\/api\/v1\//, '/api%2Fv1/'),
    path.replace(/\/api\/v1\//, '/api/v1//'),
    path.replace(/\/api\/v1\//, '//api/v1/'),
    path.replace(/\/api\/v1\//, '/api/v1/./'),
    path.replace(/\/api\/v1\//, '/api/v1/%2e/'),
    path.replace(/\/api\/v1\//, '/api/x/../v1/'),
    path.replace(/\/api\/v1\//, '/api/v1/x/%2e%2e/'),
    `${path}/`,
    `${path}//`,
    `${path};x=1`,
    path.toUpperCase(),
    path.replace(/\/api\/v1\/(\w)/, (_m, c: string) => `/Api/V1/${c.toUpperCase()}`),
    `${path}%00`,
    `${path}%20`,
    `${path}#x`,
  ];
  return [...new Set(variants)].filter((v) => v !== path);
}
