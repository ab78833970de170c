import { describe, expect, it } from 'vitest';
import { parseLibUrl, scriptReferences, scriptTables } from './script-references';

describe('scriptReferences', () => {
  it('reads LIB CONNECT, FROM and STORE INTO in the forms Qlik writes them', () => {
    const script = `
      LIB CONNECT TO 'Finance:Warehouse';
      Orders:
      LOAD id, amount FROM [lib://Finance:DataFiles/sales/orders.csv] (txt, utf8, embedded labels, delimiter is ',');
      Customers: LOAD * FROM 'lib://DataFiles/customers.json' (json);
      Regions: LOAD * FROM lib://Ops:DataFiles/regions.xlsx (ooxml, embedded labels);
      STORE Orders INTO [lib://Finance:DataFiles/out/orders.qvd] (qvd);
      SQL SELECT * FROM sales.orders;
    `;
    expect(scriptReferences(script)).toEqual([
      { relation: 'CONNECT', spaceName: 'Finance', connectionName: 'Warehouse', path: null, text: 'Finance:Warehouse' },
      { relation: 'LOAD', spaceName: 'Finance', connectionName: 'DataFiles', path: 'sales/orders.csv', text: 'lib://Finance:DataFiles/sales/orders.csv' },
      { relation: 'LOAD', spaceName: null, connectionName: 'DataFiles', path: 'customers.json', text: 'lib://DataFiles/customers.json' },
      { relation: 'LOAD', spaceName: 'Ops', connectionName: 'DataFiles', path: 'regions.xlsx', text: 'lib://Ops:DataFiles/regions.xlsx' },
      { relation: 'STORE', spaceName: 'Finance', connectionName: 'DataFiles', path: 'out/orders.qvd', text: 'lib://Finance:DataFiles/out/orders.qvd' },
    ]);
  });

  it('ignores commented-out references but keeps lib:// URLs', () => {
    const script = `
      // LOAD * FROM [lib://DataFiles/old.csv];
      /* STORE t INTO [lib://DataFiles/never.qvd]; */
      REM LOAD * FROM [lib://DataFiles/rem.csv];
      LOAD * FROM [lib://DataFiles/kept.csv]; // trailing comment
    `;
    expect(scriptReferences(script).map((r) => r.path)).toEqual(['kept.csv']);
  });

  it('names each reference once per relation, whatever the case', () => {
    const script = `LOAD * FROM [lib://DataFiles/a.csv]; load * from [LIB://datafiles/A.csv]; STORE t INTO [lib://DataFiles/a.csv];`;
    expect(scriptReferences(script).map((r) => r.relation)).toEqual(['LOAD', 'STORE']);
  });

  it('takes an unqualified LIB CONNECT as the app space connection, in any quoting', () => {
    expect(scriptReferences(`LIB CONNECT TO "Warehouse"; LIB CONNECT TO [Ops:CRM];`)).toEqual([
      { relation: 'CONNECT', spaceName: null, connectionName: 'Warehouse', path: null, text: 'Warehouse' },
      { relation: 'CONNECT', spaceName: 'Ops', connectionName: 'CRM', path: null, text: 'Ops:CRM' },
    ]);
  });

  it('skips FROM clauses that are not lib:// URLs', () => {
    expect(scriptReferences(`LOAD * RESIDENT Orders; SQL SELECT a FROM dbo.t; LOAD * FROM [https://x/y.csv];`)).toEqual([]);
  });
});

describe('parseLibUrl', () => {
  it('splits space, connection and path', () => {
    expect(parseLibUrl('lib://Sales EMEA:DataFiles/2024/q1.csv')).toEqual({
      spaceName: 'Sales EMEA',
      connectionName: 'DataFiles',
      path: '2024/q1.csv',
    });
    expect(parseLibUrl('lib://DataFiles/')).toEqual({ spaceName: null, connectionName: 'DataFiles', path: '' });
    expect(parseLibUrl('file://x')).toBeUndefined();
  });
});

describe('scriptTables', () => {
  it('names the table each LOAD fills and each STORE writes, with the fields a LOAD lists', () => {
    const script = `
      LIB CONNECT TO 'Finance:Warehouse';
      Orders:
      LOAD id, amount AS [Order amount], Upper(region) AS Region FROM [lib://Finance:DataFiles/sales/orders.csv] (txt);
      Customers: LOAD DISTINCT * FROM 'lib://DataFiles/customers.json' (json);
      LOAD * FROM [lib://DataFiles/raw/regions.xlsx] (ooxml);
      // Old: LOAD * FROM [lib://DataFiles/old.csv];
      STORE Orders INTO [lib://Finance:DataFiles/out/orders.qvd] (qvd);
      SQL SELECT * FROM sales.orders;
    `;
    expect(scriptTables(script)).toEqual([
      { relation: 'LOAD', url: 'lib://Finance:DataFiles/sales/orders.csv', table: 'Orders', fields: ['id', 'Order amount', 'Region'] },
      { relation: 'LOAD', url: 'lib://DataFiles/customers.json', table: 'Customers', fields: '*' },
      { relation: 'LOAD', url: 'lib://DataFiles/raw/regions.xlsx', table: 'regions', fields: '*' },
      { relation: 'STORE', url: 'lib://Finance:DataFiles/out/orders.qvd', table: 'Orders', fields: '*' },
    ]);
  });
});
