// @vitest-environment node
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parquetWriteFile } from 'hyparquet-writer';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { FieldDataType } from '@qlik/api/data-sets';
import { type InferredDataSet, type InferredFormat, UnreadableContent, inferDataSet } from './infer';
import { READ_CHUNK } from './profile';
import { scaledTimeout } from '../test/timeouts';

const dir = mkdtempSync(join(tmpdir(), 'catalog-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Expected = [name: string, type: FieldDataType['type'], nullable?: boolean];

interface Case {
  title: string;
  fileName: string;
  write: (path: string) => void | Promise<void>;
  format: InferredFormat;
  rowCount: number;
  fields: Expected[];
  qDataFormat?: Record<string, unknown>;
  check?: (r: InferredDataSet) => void;
}

const text = (s: string) => (path: string) => writeFileSync(path, s, 'utf8');

function profileOf(r: InferredDataSet, field: string) {
  const p = r.profile.profiles?.[0]?.fieldProfiles?.find((f) => f.name === field);
  if (!p) throw new Error(`no profile for ${field}`);
  return p;
}

function qvdHeader(): string {
  const field = (
    name: string,
    type: string,
    nDec: number,
    symbols: number,
    tags: string[] = [],
  ) => `    <QvdFieldHeader>
      <FieldName>${name}</FieldName>
      <BitOffset>0</BitOffset>
      <BitWidth>2</BitWidth>
      <Bias>0</Bias>
      <NumberFormat>
        <Type>${type}</Type>
        <nDec>${nDec}</nDec>
        <UseThou>0</UseThou>
        <Fmt></Fmt>
        <Dec></Dec>
        <Thou></Thou>
      </NumberFormat>
      <NoOfSymbols>${symbols}</NoOfSymbols>
      <Offset>0</Offset>
      <Length>12</Length>
      <Comment></Comment>
      <Tags>${tags.map((t) => `<String>${t}</String>`).join('')}</Tags>
    </QvdFieldHeader>
`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<QvdTableHeader>
  <QvBuildNo>50668</QvBuildNo>
  <CreatorDoc>sales.qvf</CreatorDoc>
  <CreateUtcTime>2024-03-01 10:00:00</CreateUtcTime>
  <TableName>Sales</TableName>
  <Fields>
${field('Id', 'INTEGER', 0, 3, ['$numeric', '$integer'])}${field('Price', 'MONEY', 2, 3)}${field('Day', 'DATE', 0, 2)}${field('Name', 'ASCII', 0, 3, ['$text', '$ascii'])}${field('Ratio', 'REAL', 0, 3)}${field('Stamp', 'TIMESTAMP', 0, 3)}${field('Code', 'UNKNOWN', 0, 3, ['$numeric', '$integer'])}${field('A &amp; B', 'UNKNOWN', 0, 1)}  </Fields>
  <Compression></Compression>
  <RecordByteSize>3</RecordByteSize>
  <NoOfRecords>3</NoOfRecords>
  <Offset>40</Offset>
  <Length>9</Length>
  <Lineage><LineageInfo><Discriminator>x</Discriminator><Statement>LOAD *</Statement></LineageInfo></Lineage>
  <Comment></Comment>
</QvdTableHeader>
`;
}

const cases: Case[] = [
  {
    title: 'semicolon CSV with BOM, European decimals and dotted dates',
    fileName: 'umsatz.csv',
    write: text(
      '\uFEFFName;Betrag;Datum\nAlice;1.234,56;01.03.2024\nBob;3,14;15.12.2023\nCleo;-20,00;29.02.2024\n',
    ),
    format: 'csv',
    rowCount: 3,
    fields: [
      ['Name', 'STRING', false],
      ['Betrag', 'DECIMAL', false],
      ['Datum', 'DATE', false],
    ],
    qDataFormat: {
      qType: 'CSV',
      qLabel: 'embedded labels',
      qCodePage: 65001,
      qQuote: 'MSQ',
      qDelimiter: { qName: 'semicolon', qScriptCode: "';'", qNumber: 59, qIsMultiple: false },
      qHeaderSize: 0,
    },
    check: (r) => {
      expect(r.schema.dataFields[1]?.dataType.properties).toMatchObject({
        precision: 6,
        scale: 2,
        decimalSeparator: ',',
      });
      expect(r.schema.dataFields[2]?.dataType.properties).toEqual({ format: 'DD.MM.YYYY' });
      expect(profileOf(r, 'Betrag').sumNumericValues).toBeCloseTo(1234.56 + 3.14 - 20, 9);
      expect(profileOf(r, 'Betrag').minNumericValue).toBe(-20);
      expect(r.schema.dataFields[0]?.tags).toEqual(['$text', '$ascii']);
      expect(r.schema.dataFields[1]?.tags).toEqual(['$numeric']);
    },
  },
  {
    title: 'European numbers: comma decimals and dot thousands in a ; file',
    fileName: 'preise.csv',
    write: text('Produkt;Preis;Menge\nA;3,14;1.000\nB;2,5;250\nC;10;12\n'),
    format: 'csv',
    rowCount: 3,
    fields: [
      ['Produkt', 'STRING'],
      ['Preis', 'DOUBLE'],
      ['Menge', 'INTEGER'],
    ],
    check: (r) => {
      expect(profileOf(r, 'Menge').sumNumericValues).toBe(1262);
      expect(profileOf(r, 'Preis').sumNumericValues).toBeCloseTo(15.64, 9);
      expect(profileOf(r, 'Preis').numericValueCount).toBe(3);
    },
  },
  {
    title: 'TSV with booleans',
    fileName: 'cities.tsv',
    write: text('id\tcity\tactive\n1\tOslo\ttrue\n2\tBergen\tFALSE\n3\tTromsø\tyes\n'),
    format: 'tsv',
    rowCount: 3,
    fields: [
      ['id', 'INTEGER'],
      ['city', 'STRING'],
      ['active', 'BOOLEAN'],
    ],
    qDataFormat: { qDelimiter: { qName: 'tab', qScriptCode: "'\\t'", qNumber: 9, qIsMultiple: false } },
    check: (r) => {
      expect(r.schema.dataFields[0]?.tags).toEqual(['$numeric', '$integer']);
      expect(r.schema.dataFields[1]?.tags).toEqual(['$text']);
    },
  },
  {
    title: 'CSV with quoted newlines, delimiters and doubled quotes',
    fileName: 'comments.csv',
    write: text(
      'id,comment,price\r\n1,"Line one\r\nline two",10.5\r\n2,"She said ""hi"", then left",7.25\r\n3,plain,3\r\n',
    ),
    format: 'csv',
    rowCount: 3,
    fields: [
      ['id', 'INTEGER'],
      ['comment', 'STRING'],
      ['price', 'DOUBLE'],
    ],
    qDataFormat: {
      qDelimiter: { qName: 'comma', qScriptCode: "','", qNumber: 44, qIsMultiple: false },
      qQuote: 'MSQ',
    },
    check: (r) => {
      const records = r.profile.samples?.[0]?.records?.map((x) => x.values);
      expect(records).toEqual([
        ['1', 'Line one\r\nline two', '10.5'],
        ['2', 'She said "hi", then left', '7.25'],
        ['3', 'plain', '3'],
      ]);
    },
  },
  {
    title: 'dates in two notations and ISO timestamps',
    fileName: 'dates.csv',
    write: text(
      'iso,us,eu,ts\n2024-03-01,03/01/2024,13/01/2024,2024-03-01T10:00:00Z\n2024-12-31,12/31/2024,31/12/2024,2024-12-31 23:59:59\n2024-02-29,02/29/2024,01/02/2024,2024-02-29\n',
    ),
    format: 'csv',
    rowCount: 3,
    fields: [
      ['iso', 'DATE'],
      ['us', 'DATE'],
      ['eu', 'DATE'],
      ['ts', 'TIMESTAMP'],
    ],
    check: (r) => {
      expect(r.schema.dataFields.map((f) => f.dataType.properties?.format)).toEqual([
        'YYYY-MM-DD',
        'MM/DD/YYYY',
        'DD/MM/YYYY',
        undefined,
      ]);
      expect(r.schema.dataFields[0]?.tags).toEqual(['$numeric', '$integer', '$timestamp', '$date']);
      expect(r.schema.dataFields[3]?.tags).toEqual(['$numeric', '$timestamp']);
    },
  },
  {
    title: 'an all-empty column',
    fileName: 'sparse.csv',
    write: text('a,b,c\n1,,x\n2,,y\n3,,\n'),
    format: 'csv',
    rowCount: 3,
    fields: [
      ['a', 'INTEGER', false],
      ['b', 'STRING', true],
      ['c', 'STRING', true],
    ],
    check: (r) => {
      expect(profileOf(r, 'b').nullValueCount).toBe(3);
      expect(profileOf(r, 'b').distinctValueCount).toBe(0);
      expect(profileOf(r, 'c').nullValueCount).toBe(1);
    },
  },
  {
    title: 'UTF-16 LE CSV with BOM',
    fileName: 'utf16.csv',
    write: (p) =>
      writeFileSync(p, iconv.encode('name,city\nRené,Zürich\nÅsa,Malmö\n', 'utf16le', { addBOM: true })),
    format: 'csv',
    rowCount: 2,
    fields: [
      ['name', 'STRING'],
      ['city', 'STRING'],
    ],
    qDataFormat: { qCodePage: 1200 },
    check: (r) => expect(r.profile.samples?.[0]?.records?.[0]?.values).toEqual(['René', 'Zürich']),
  },
  {
    title: 'Latin-1 CSV with é and ü',
    fileName: 'latin1.csv',
    write: (p) => writeFileSync(p, iconv.encode('name,city,n\nRené,Zürich,1\nJosé,München,2\n', 'latin1')),
    format: 'csv',
    rowCount: 2,
    fields: [
      ['name', 'STRING'],
      ['city', 'STRING'],
      ['n', 'INTEGER'],
    ],
    qDataFormat: { qCodePage: 28591 },
    check: (r) => {
      expect(r.profile.samples?.[0]?.records?.[1]?.values).toEqual(['José', 'München', '2']);
      expect(r.schema.dataFields[1]?.tags).toEqual(['$text']);
    },
  },
  {
    title: 'CSV without a header row',
    fileName: 'noheader.txt',
    write: text('1,Alice,3.5\n2,Bob,4.25\n3,Carol,5\n'),
    format: 'txt',
    rowCount: 3,
    fields: [
      ['@1', 'INTEGER'],
      ['@2', 'STRING'],
      ['@3', 'DOUBLE'],
    ],
    qDataFormat: { qLabel: 'no labels' },
  },
  {
    title: 'CSV with blank and duplicate header names',
    fileName: 'dupes.csv',
    write: text('id,name,,name\n1,a,b,c\n'),
    format: 'csv',
    rowCount: 1,
    fields: [
      ['id', 'INTEGER'],
      ['name', 'STRING'],
      ['@3', 'STRING'],
      ['name (2)', 'STRING'],
    ],
  },
  {
    title: 'pipe-delimited CSV',
    fileName: 'pipes.csv',
    write: text('a|b\n1|x,y\n2|z;w\n'),
    format: 'csv',
    rowCount: 2,
    fields: [
      ['a', 'INTEGER'],
      ['b', 'STRING'],
    ],
    qDataFormat: { qDelimiter: { qName: 'pipe', qScriptCode: "'|'", qNumber: 124, qIsMultiple: false } },
  },
  {
    title: 'XLSX with two sheets',
    fileName: 'book.xlsx',
    write: async (p) => {
      const wb = new ExcelJS.Workbook();
      const orders = wb.addWorksheet('Orders');
      orders.addRow(['id', 'amount', 'when', 'note']);
      orders.addRow([1, 12.5, new Date(Date.UTC(2024, 0, 15)), 'first']);
      orders.addRow([2, 7.25, new Date(Date.UTC(2024, 1, 1)), null]);
      orders.addRow([
        3,
        99,
        new Date(Date.UTC(2024, 2, 31)),
        { richText: [{ text: 'rich ' }, { text: 'text' }] },
      ]);
      const customers = wb.addWorksheet('Customers');
      customers.addRow(['name', 'country', 'vip']);
      customers.addRow(['Ada', 'NO', true]);
      customers.addRow(['Max', 'SE', false]);
      await wb.xlsx.writeFile(p);
    },
    format: 'xlsx',
    rowCount: 3,
    fields: [
      ['id', 'INTEGER'],
      ['amount', 'DOUBLE'],
      ['when', 'DATE'],
      ['note', 'STRING', true],
    ],
    qDataFormat: { qType: 'EXCEL_OOXML', qLabel: 'embedded labels' },
    check: (r) => {
      expect(r.schema.schemaName).toBe('Orders');
      expect(r.additionalSchemas).toHaveLength(1);
      const second = r.additionalSchemas[0];
      expect(second?.schemaName).toBe('Customers');
      expect(second?.dataFields.map((f) => [f.name, f.dataType.type])).toEqual([
        ['name', 'STRING'],
        ['country', 'STRING'],
        ['vip', 'BOOLEAN'],
      ]);
      expect(r.profile.profiles?.map((p) => [p.name, p.numberOfRows])).toEqual([
        ['Orders', 3],
        ['Customers', 2],
      ]);
      expect(r.profile.samples?.[0]?.records?.[2]?.values).toEqual(['3', '99', '2024-03-31', 'rich text']);
    },
  },
  {
    title: 'JSON array of records',
    fileName: 'people.json',
    write: text(
      JSON.stringify(
        [
          { id: 1, name: 'A', score: 1.5, tags: ['x', 'y'], born: '2001-02-03' },
          { id: 2, name: 'B, "quoted" ]}', score: 2, tags: [], born: '1999-12-31' },
          { id: 3, name: null, score: 3.25, tags: ['z'], born: '2010-01-01' },
        ],
        null,
        2,
      ),
    ),
    format: 'json',
    rowCount: 3,
    fields: [
      ['id', 'INTEGER', false],
      ['name', 'STRING', true],
      ['score', 'DOUBLE', false],
      ['tags', 'STRING', false],
      ['born', 'DATE', false],
    ],
    qDataFormat: { qType: 'JSON' },
    check: (r) => {
      expect(r.profile.samples?.[0]?.records?.[0]?.values).toEqual([
        '1',
        'A',
        '1.5',
        '["x","y"]',
        '2001-02-03',
      ]);
      expect(r.profile.samples?.[0]?.records?.[1]?.values?.[1]).toBe('B, "quoted" ]}');
    },
  },
  {
    title: 'NDJSON with nested objects',
    fileName: 'events.ndjson',
    write: text(
      '{"id":1,"address":{"city":"Oslo","zip":"0150"},"at":"2024-03-01T10:00:00Z"}\n' +
        '{"id":2,"address":{"city":"Bergen"},"extra":true,"at":"2024-03-02T11:30:00Z"}\n\n' +
        '{"id":3,"address":{"city":"Bodø","geo":{"lat":67.28,"lon":14.4}},"at":"2024-03-03T08:15:00+01:00"}\n',
    ),
    format: 'ndjson',
    rowCount: 3,
    fields: [
      ['id', 'INTEGER', false],
      ['address.city', 'STRING', false],
      ['address.zip', 'INTEGER', true],
      ['at', 'TIMESTAMP', false],
      ['extra', 'BOOLEAN', true],
      ['address.geo.lat', 'DOUBLE', true],
      ['address.geo.lon', 'DOUBLE', true],
    ],
    check: (r) => {
      expect(profileOf(r, 'extra').nullValueCount).toBe(2);
      expect(profileOf(r, 'address.geo.lat').nullValueCount).toBe(2);
    },
  },
  {
    title: 'NDJSON content under a .json name',
    fileName: 'lines.json',
    write: text('{"a":1}\n{"a":2}\n'),
    format: 'ndjson',
    rowCount: 2,
    fields: [['a', 'INTEGER']],
  },
  {
    title: 'Parquet with logical types and two row groups',
    fileName: 'sales.parquet',
    write: (p) =>
      parquetWriteFile({
        filename: p,
        rowGroupSize: 2,
        schema: [
          { name: 'root', num_children: 8 },
          { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
          { name: 'amount', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
          { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          { name: 'flag', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
          { name: 'ts', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' },
          {
            name: 'price',
            type: 'INT64',
            converted_type: 'DECIMAL',
            precision: 10,
            scale: 2,
            repetition_type: 'OPTIONAL',
          },
          { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
          { name: 'blob', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        ],
        columnData: [
          { name: 'id', data: [1, 2, 3] },
          { name: 'amount', data: [1.5, null, 3.25] },
          { name: 'name', data: ['a', 'b', null] },
          { name: 'flag', data: [true, false, true] },
          { name: 'ts', data: [new Date('2024-03-01T10:00:00Z'), new Date('2024-03-02T10:00:00Z'), null] },
          { name: 'price', data: [12.34, 5, 0.99] },
          { name: 'day', data: [new Date('2024-03-01'), new Date('2024-03-02'), new Date('2024-03-03')] },
          { name: 'blob', data: [new Uint8Array([1, 2]), null, new Uint8Array([255])] },
        ],
      }),
    format: 'parquet',
    rowCount: 3,
    fields: [
      ['id', 'INTEGER', false],
      ['amount', 'DOUBLE', true],
      ['name', 'STRING', true],
      ['flag', 'BOOLEAN', true],
      ['ts', 'TIMESTAMP', true],
      ['price', 'DECIMAL', true],
      ['day', 'DATE', true],
      ['blob', 'BINARY', true],
    ],
    qDataFormat: { qType: 'PARQUET' },
    check: (r) => {
      expect(r.schema.dataFields[5]?.dataType).toMatchObject({
        properties: { precision: 10, scale: 2 },
        originalType: 'INT64',
      });
      expect(profileOf(r, 'amount')).toMatchObject({
        numericValueCount: 2,
        nullValueCount: 1,
        sumNumericValues: 4.75,
      });
      expect(profileOf(r, 'price').sumNumericValues).toBeCloseTo(18.33, 9);
      expect(profileOf(r, 'id').sumNumericValues).toBe(6);
      expect(r.profile.samples?.[0]?.records?.[0]?.values).toEqual([
        '1',
        '1.5',
        'a',
        'true',
        '2024-03-01T10:00:00.000Z',
        '12.34',
        '2024-03-01',
        'AQI=',
      ]);
    },
  },
  {
    title: 'QVD header',
    fileName: 'sales.qvd',
    write: (p) =>
      writeFileSync(
        p,
        Buffer.concat([Buffer.from(qvdHeader(), 'utf8'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 9, 8])]),
      ),
    format: 'qvd',
    rowCount: 3,
    fields: [
      ['Id', 'INTEGER'],
      ['Price', 'DECIMAL'],
      ['Day', 'DATE'],
      ['Name', 'STRING'],
      ['Ratio', 'DOUBLE'],
      ['Stamp', 'TIMESTAMP'],
      ['Code', 'INTEGER'],
      ['A & B', 'STRING'],
    ],
    qDataFormat: { qType: 'QVD' },
    check: (r) => {
      expect(r.schema.schemaName).toBe('Sales');
      expect(r.profile.meta?.resultType).toBe('BASIC');
      expect(r.profile.profiles?.[0]?.numberOfRows).toBe(3);
      expect(r.profile.profiles?.[0]?.fieldProfiles?.map((f) => f.name)).toHaveLength(8);
      expect(profileOf(r, 'Day').distinctValueCount).toBe(2);
      expect(r.schema.dataFields[1]?.dataType).toMatchObject({
        originalType: 'MONEY',
        properties: { scale: 2 },
      });
    },
  },
];

describe('inferDataSet', () => {
  it.each(cases)('$title', async (c) => {
    const path = join(dir, c.fileName);
    await c.write(path);
    const r = await inferDataSet(path, c.fileName);
    expect(r).toBeDefined();
    if (!r) return;
    expect(r.format).toBe(c.format);
    expect(r.rowCount).toBe(c.rowCount);
    expect(r.schema.dataFields.map((f) => [f.name, f.dataType.type])).toEqual(
      c.fields.map(([n, t]) => [n, t]),
    );
    c.fields.forEach(([name, , nullable], i) => {
      if (nullable !== undefined) expect(r.schema.dataFields[i]?.nullable, name).toBe(nullable);
    });
    r.schema.dataFields.forEach((f, i) => {
      expect(f).toMatchObject({
        index: i,
        primaryKey: false,
        encrypted: false,
        sensitive: false,
        orphan: false,
      });
    });
    if (c.qDataFormat) expect(r.schema.loadOptions?.qDataFormat).toMatchObject(c.qDataFormat);
    expect(r.profile.meta?.status).toBe('FINISHED');
    expect(r.profile.profiles?.[0]?.numberOfRows).toBe(c.rowCount);
    c.check?.(r);
  });

  it('returns undefined for files without tabular content', async () => {
    const pdf = join(dir, 'doc.pdf');
    writeFileSync(pdf, '%PDF-1.7\n');
    expect(await inferDataSet(pdf, 'doc.pdf')).toBeUndefined();
    const fakeQvd = join(dir, 'fake.qvd');
    writeFileSync(fakeQvd, 'not a qvd');
    expect(await inferDataSet(fakeQvd, 'fake.qvd')).toBeUndefined();
  });

  it('refuses binary content under a text name, with the reason', async () => {
    const binary = join(dir, 'binary.csv');
    writeFileSync(
      binary,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    );
    await expect(inferDataSet(binary, 'binary.csv')).rejects.toThrow(
      /is binary, not text: it has 3 NUL bytes/,
    );
  });

  it('refuses random bytes without a NUL byte: not text in any encoding, whatever the extension', async () => {
    let seed = 2024;
    const byte = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return 1 + ((seed >>> 24) % 255); // 1–255: no NUL byte
    };
    for (const [name, size, prefix] of [
      ['noise.csv', 50_000, []],
      ['noise.txt', 300, []],
      ['noise.json', 4096, []],
      ['noise-utf16.csv', 4096, [0xff, 0xfe]],
      ['noise-utf8-bom.tsv', 4096, [0xef, 0xbb, 0xbf]],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, Buffer.from([...prefix, ...Array.from({ length: size }, byte)]));
      const error = await inferDataSet(path, name).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(UnreadableContent);
      expect((error as UnreadableContent).reason, name).toMatch(
        /^is not text in any encoding the catalog reads \(UTF-8, UTF-16, Latin-1\): \d+ of the first \d+ characters/,
      );
    }
  });

  it('reads text with a stray control character or Windows-1252 punctuation', async () => {
    const latin = join(dir, 'cp1252.csv');
    // “quotes”, an en dash and a euro sign in Windows-1252, a DOS end-of-file mark at the end
    writeFileSync(
      latin,
      Buffer.concat([
        Buffer.from('name;note\n'),
        ...Array.from({ length: 50 }, (_, i) =>
          Buffer.from([...Buffer.from(`row${i};`), 0x93, 0x61, 0x94, 0x20, 0x96, 0x20, 0x80, 0x0a]),
        ),
        Buffer.from([0x1a]),
      ]),
    );
    const r = await inferDataSet(latin, 'cp1252.csv');
    // read, not refused; the end-of-file mark is a last record of its own (Qlik's qIgnoreEOF is false)
    expect(r?.rowCount).toBe(51);
    const oneStray = join(dir, 'one-stray.csv');
    writeFileSync(oneStray, `a,b\n1,x\u0001y\n${'2,z\n'.repeat(20)}`);
    expect((await inferDataSet(oneStray, 'one-stray.csv'))?.rowCount).toBe(21);
  });

  it('reads a workbook by its content even under a .csv name, and an empty CSV as an empty table', async () => {
    const wbPath = join(dir, 'really-a-workbook.csv');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Only').addRow(['x']);
    await wb.xlsx.writeFile(wbPath);
    expect((await inferDataSet(wbPath, 'really-a-workbook.csv'))?.format).toBe('xlsx');
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const r = await inferDataSet(empty, 'empty.csv');
    expect(r).toMatchObject({ format: 'csv', rowCount: 0, schema: { dataFields: [] } });
  });

  it('keeps the first N rows as samples and can stop profiling early', async () => {
    const path = join(dir, 'many.csv');
    writeFileSync(path, `n\n${Array.from({ length: 500 }, (_, i) => i).join('\n')}\n`);
    const r = await inferDataSet(path, 'many.csv', { sampleRows: 10, maxProfileRows: 100 });
    expect(r?.rowCount).toBe(500);
    expect(r?.profile.samples?.[0]?.records).toHaveLength(10);
    expect(r?.profile.profiles?.[0]?.fieldProfiles?.[0]?.numericValueCount).toBe(100);
    expect(r?.profile.meta?.messages?.join(' ')).toMatch(/first 100 of 500/);
  });

  it.each([
    ['csv', (n: number) => `id,name\n${Array.from({ length: n }, (_, i) => `${i},row ${i}`).join('\n')}\n`],
    ['ndjson', (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: i })).join('\n')],
  ])(
    'reads a long %s in slices and waits between them while the tenant has requests to answer',
    async (extension, content) => {
      const path = join(dir, `sliced.${extension}`);
      const rows = 50_000;
      writeFileSync(path, content(rows));
      const slices = Math.ceil(statSync(path).size / READ_CHUNK);
      expect(slices).toBeGreaterThan(4);
      let calls = 0;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const state = { done: false };
      const inference = inferDataSet(path, `sliced.${extension}`, {
        between: async () => {
          if (++calls === 2) await held;
        },
      }).then((r) => {
        state.done = true;
        return r;
      });
      await vi.waitFor(() => expect(calls).toBe(2), { timeout: scaledTimeout(10) });
      // the read stopped at its second slice and goes no further until let
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toBe(2);
      expect(state.done).toBe(false);
      release();
      expect((await inference)?.rowCount).toBe(rows);
      expect(calls).toBeGreaterThanOrEqual(slices - 1);
    },
  );
});
