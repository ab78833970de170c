/** A field as schema versions and previews know it: its name and data type (INTEGER, STRING, …). */
export interface SchemaField {
  name: string;
  type: string;
}

export interface TypeChange {
  name: string;
  from: string;
  to: string;
}

/** A field gone and a field new at the same position with the same type: probably one field renamed. */
export interface LikelyRename {
  from: string;
  to: string;
  type: string;
  /** 0-based position in both schemas. */
  position: number;
}

export interface SchemaDiff {
  added: SchemaField[];
  removed: SchemaField[];
  typeChanged: TypeChange[];
  renamedLikely: LikelyRename[];
  /** Fields with the same name and type in both. */
  unchanged: number;
  /** Nothing added, removed, renamed or retyped (field order aside). */
  identical: boolean;
}

/**
 * What changes from one schema to the next, by field name. A field removed and a field added at the same
 * position with the same type are reported as a likely rename instead (the data cannot prove it: the admin is
 * told it is a guess); any other rename shows as one removed and one added field.
 */
export function diffSchemas(before: readonly SchemaField[], after: readonly SchemaField[]): SchemaDiff {
  const beforeByName = new Map(before.map((f) => [f.name, f]));
  const afterNames = new Set(after.map((f) => f.name));
  const typeChanged: TypeChange[] = [];
  let unchanged = 0;
  const addedAt = new Map<number, SchemaField>();
  after.forEach((field, position) => {
    const old = beforeByName.get(field.name);
    if (!old) addedAt.set(position, field);
    else if (old.type !== field.type) typeChanged.push({ name: field.name, from: old.type, to: field.type });
    else unchanged++;
  });
  const removed: SchemaField[] = [];
  const renamedLikely: LikelyRename[] = [];
  before.forEach((field, position) => {
    if (afterNames.has(field.name)) return;
    const candidate = addedAt.get(position);
    if (candidate && candidate.type === field.type) {
      renamedLikely.push({ from: field.name, to: candidate.name, type: field.type, position });
      addedAt.delete(position);
    } else removed.push(field);
  });
  const added = [...addedAt.values()];
  return {
    added,
    removed,
    typeChanged,
    renamedLikely,
    unchanged,
    identical: !added.length && !removed.length && !typeChanged.length && !renamedLikely.length,
  };
}
