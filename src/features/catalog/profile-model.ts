import type { DataSetProfile, FieldProfile } from '@qlik/api/data-sets';
import {
  allDistinct,
  fieldStatistics,
  histogramChart,
  isEstimated,
  topValuesChart,
  type FieldChart,
  type FieldStatistic,
} from './profile-chart';

/**
 * A data set's profile as the page reads it, parsed once per profile the tenant sent (a WeakMap keyed by the
 * response object), whatever re-renders: a 1,000-field profile is indexed once, and each field's figures and
 * charts are computed the first time its card or panel is drawn, then kept.
 */

export interface ProfileField {
  /** Stable React key: position and name. */
  key: string;
  name: string;
  index: number;
  profile: FieldProfile;
  /** Lower-case name and type, what the field filter matches. */
  search: string;
}

export interface ProfileModel {
  rowCount?: number;
  fields: ProfileField[];
  byName: Map<string, ProfileField>;
  messages: string[];
  /** The error the tenant states for estimated distinct counts ("2.4 %"), when it states one. */
  statedError?: string;
  /** The first rows the profiler kept, by field name. */
  samples: Map<string, string[]>;
}

export interface FieldDetails {
  statistics: FieldStatistic[];
  histogram?: FieldChart;
  topValues?: FieldChart;
  /** What the card draws: the histogram of a numeric or date field, else the top values. */
  chart?: FieldChart;
  allDistinct: boolean;
  /** The estimated figures, named for people ("distinct count", "median and fractiles"). */
  estimates: string[];
}

const models = new WeakMap<DataSetProfile, ProfileModel>();
const details = new WeakMap<FieldProfile, FieldDetails>();

export function profileModel(profile: DataSetProfile): ProfileModel {
  const cached = models.get(profile);
  if (cached) return cached;
  const table = profile.profiles?.[0];
  const fields = (table?.fieldProfiles ?? []).map((field, position): ProfileField => {
    const name = field.name ?? field.technicalName ?? `Field ${(field.index ?? position) + 1}`;
    const index = field.index ?? position;
    return {
      key: `${index}:${name}`,
      name,
      index,
      profile: field,
      search: `${name}\u0000${field.dataType ?? ''}`.toLowerCase(),
    };
  });
  const messages = profile.meta?.messages ?? [];
  const stated = messages.map((m) => /within ±\s?([\d.]+\s?%)/.exec(m)?.[1]).find(Boolean);
  const sample = profile.samples?.[0];
  const samples = new Map<string, string[]>();
  (sample?.fieldNames ?? []).forEach((name, column) => {
    samples.set(
      name,
      (sample?.records ?? []).slice(0, 20).map((r) => r.values?.[column] ?? ''),
    );
  });
  const model: ProfileModel = {
    ...(table?.numberOfRows !== undefined ? { rowCount: table.numberOfRows } : {}),
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    messages,
    ...(stated ? { statedError: stated.replace(/\s/g, '') } : {}),
    samples,
  };
  models.set(profile, model);
  return model;
}

export function fieldDetails(field: FieldProfile, rowCount?: number): FieldDetails {
  const cached = details.get(field);
  if (cached) return cached;
  const histogram = histogramChart(field, rowCount);
  const topValues = topValuesChart(field, rowCount);
  const estimates = [
    ...(isEstimated(field, 'distinct') ? ['distinct count'] : []),
    ...(isEstimated(field, 'frequencies') ? ['most frequent values (counts are lower bounds)'] : []),
    ...(isEstimated(field, 'fractiles') ? ['median and fractiles (from a sample)'] : []),
  ];
  const result: FieldDetails = {
    statistics: fieldStatistics(field),
    ...(histogram ? { histogram } : {}),
    ...(topValues ? { topValues } : {}),
    ...((histogram ?? topValues) ? { chart: histogram ?? topValues } : {}),
    allDistinct: allDistinct(field),
    estimates,
  };
  details.set(field, result);
  return result;
}

/** Fields whose name or type contains the filter (case-insensitive); all of them for an empty filter. */
export function filterProfileFields(
  fields: readonly ProfileField[],
  filter: string,
): readonly ProfileField[] {
  const needle = filter.trim().toLowerCase();
  return needle ? fields.filter((f) => f.search.includes(needle)) : fields;
}
