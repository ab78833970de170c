import { describe, expect, it } from 'vitest';
import { appSourceOf } from './model';

describe('appSourceOf', () => {
  it('reads files loaded and stored, and connections opened', () => {
    expect(appSourceOf({ discriminator: '[lib://Sales:DataFiles/a.csv]', statement: '' })).toEqual({ relation: 'load', text: 'lib://Sales:DataFiles/a.csv' });
    expect(appSourceOf({ discriminator: 'STORE - [lib://DataFiles/out.qvd]', statement: '' })).toEqual({ relation: 'store', text: 'lib://DataFiles/out.qvd' });
    expect(appSourceOf({ discriminator: 'Sales:Warehouse', statement: "LIB CONNECT TO 'Sales:Warehouse'" })).toEqual({ relation: 'connect', text: 'Sales:Warehouse' });
  });

  it('leaves out sources that name no library', () => {
    expect(appSourceOf({ discriminator: 'INLINE', statement: '' })).toBeUndefined();
    expect(appSourceOf({ discriminator: 'RESIDENT Orders', statement: '' })).toBeUndefined();
    expect(appSourceOf({})).toBeUndefined();
  });
});
