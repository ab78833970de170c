import { memo, useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Spoiler,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { EmptyState } from '@/components/empty-state';
import { SearchInput } from '@/components/search-input';
import { VirtualList } from '@/components/virtual-list';
import { formatCount, formatDateTime } from '@/lib/format';
import type { DataSetProfileState } from '../api/data-set-profiles';
import {
  fieldDetails,
  filterProfileFields,
  profileModel,
  type FieldDetails,
  type ProfileField,
  type ProfileModel,
} from '../profile-model';
import { FieldChartView } from './field-chart';
import classes from './catalog.module.css';

export function ProfilingNotice() {
  return (
    <Group gap="sm" role="status" aria-live="polite" py="md">
      <Loader size="sm" aria-hidden />
      <Text>
        Profiling… the tenant is computing statistics for this data set. This page updates by itself.
      </Text>
    </Group>
  );
}

/** Ids made from names that may hold anything. */
export const domId = (prefix: string, key: string) => `${prefix}-${key.replace(/[^\w-]/g, '_')}`;

/** Which figures are estimates, and how close, in one sentence; undefined when all are exact. */
export function estimatesNote(details: FieldDetails, statedError: string | undefined): string | undefined {
  if (details.estimates.length === 0) return undefined;
  const named = details.estimates.map((e) =>
    e === 'distinct count' && statedError ? `distinct count (within ±${statedError})` : e,
  );
  return `Estimated: ${named.join('; ')}. Everything else is exact.`;
}

/** Why a field has no chart, said so that it never contradicts its figures. */
export function noChartNote(field: ProfileField, details: FieldDetails): string {
  if (details.allDistinct) {
    return `Every value occurs once (${formatCount(field.profile.distinctValueCount)} distinct values): there is no distribution to draw.`;
  }
  if ((field.profile.mostFrequentValues?.length ?? 0) > 0) {
    return 'None of the most frequent values occurs more than once: there is no distribution to draw.';
  }
  return 'No value distribution for this field.';
}

export function FieldFigures({ details }: { details: FieldDetails }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" component="dl" style={{ margin: 0 }}>
      {details.statistics.map((stat) => (
        <div key={stat.label}>
          <Text component="dt" size="xs" c="dimmed">
            {stat.label}
            {stat.estimate ? ' (estimate)' : ''}
          </Text>
          <Text component="dd" size="sm" m={0} truncate="end" title={stat.value}>
            {stat.value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

/**
 * Memoized: the list renders its cards again as each is measured (and on every scroll step), and a card's figures
 * and chart are the same until the profile changes.
 */
const FieldCard = memo(function FieldCard({
  field,
  model,
  onOpenField,
}: {
  field: ProfileField;
  model: ProfileModel;
  onOpenField?: (name: string) => void;
}) {
  const details = fieldDetails(field.profile, model.rowCount);
  const note = estimatesNote(details, model.statedError);
  return (
    <Card withBorder component="section" aria-label={`Profile of ${field.name}`} mb="md">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={3} size="h5" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {field.name}
        </Title>
        <Group gap="xs" wrap="nowrap">
          {field.profile.dataType && (
            <Badge variant="light" tt="none">
              {field.profile.dataType}
            </Badge>
          )}
          {onOpenField && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => onOpenField(field.name)}
              aria-label={`Open field ${field.name}`}
            >
              Open
            </Button>
          )}
        </Group>
      </Group>
      <FieldFigures details={details} />
      {note && (
        <Text size="xs" c="dimmed" mt={4}>
          {note}
        </Text>
      )}
      <Stack mt="sm">
        {details.chart ? (
          <FieldChartView chart={details.chart} fieldName={field.name} id={domId('card-chart', field.key)} />
        ) : (
          <Text size="sm" c="dimmed">
            {noChartNote(field, details)}
          </Text>
        )}
      </Stack>
    </Card>
  );
});

/** Before the cards' own render: none drawn. */
const NO_FIELDS: readonly ProfileField[] = [];

export interface ProfileTabProps {
  state: DataSetProfileState;
  /** The field filter (the URL's); shared with the schema tab. */
  filter?: string;
  onFilterChange?: (filter: string) => void;
  onOpenField?: (name: string) => void;
}

/**
 * One card per field: figures, which of them are estimates, and the histogram (numeric and date fields) or the
 * most frequent values (the others). Cards are virtualized, so a 1,000-field profile draws what is on screen;
 * the filter narrows them as typed without holding the typing up (a deferred value).
 */
export function ProfileTab({ state, filter = '', onFilterChange, onOpenField }: ProfileTabProps) {
  const model = state.profile ? profileModel(state.profile) : undefined;
  // one function for the cards' life, calling the latest handler: a new one each render would draw every card again
  const latestOpen = useRef(onOpenField);
  useLayoutEffect(() => {
    latestOpen.current = onOpenField;
  });
  const openField = useCallback((name: string) => latestOpen.current?.(name), []);
  // The cards are drawn in a render of their own at background priority, which React splits into short tasks
  // that give way to input: drawn in the render that brings the profile, they made one task of a second.
  const drawn = useDeferredValue(model?.fields, NO_FIELDS);
  const deferredFilter = useDeferredValue(filter);
  const shown = useMemo(
    () => (drawn ? filterProfileFields(drawn, deferredFilter) : []),
    [drawn, deferredFilter],
  );
  if (state.computing) return <ProfilingNotice />;
  const table = state.profile?.profiles?.[0];
  const meta = state.profile?.meta;
  if (!model || model.fields.length === 0) {
    return (
      <EmptyState
        title="No profile"
        description={
          meta?.status === 'FAILED'
            ? `The tenant could not profile this data set.${meta.messages?.length ? ` ${meta.messages.join(' ')}` : ''}`
            : 'The tenant has no profile for this data set.'
        }
      />
    );
  }
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        {onFilterChange ? (
          <SearchInput
            label="Filter fields"
            placeholder="Name or type"
            value={filter}
            onSearch={onFilterChange}
            w={300}
          />
        ) : (
          <span />
        )}
        <Text size="sm" c="dimmed" aria-live="polite">
          {shown.length === model.fields.length || drawn === NO_FIELDS
            ? `${formatCount(model.fields.length)} fields`
            : `${formatCount(shown.length)} of ${formatCount(model.fields.length)} fields`}
          {' · '}
          {formatCount(table?.numberOfRows)} rows profiled
          {meta?.computationEndTime ? ` · computed ${formatDateTime(meta.computationEndTime)}` : ''}
          {meta?.status && meta.status !== 'FINISHED' ? ` · ${meta.status.toLowerCase()}` : ''}
        </Text>
      </Group>
      {model.messages.length > 0 && (
        <Alert color="yellow" variant="light" title="Notes from the profiler">
          <Spoiler maxHeight={72} showLabel="Show all notes" hideLabel="Show fewer notes">
            {model.messages.map((message) => (
              <Text key={message} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {message}
              </Text>
            ))}
          </Spoiler>
        </Alert>
      )}
      {drawn === NO_FIELDS ? null : shown.length === 0 ? (
        <EmptyState title="No field matches" description="No field's name or type contains the filter." />
      ) : (
        <VirtualList
          items={shown}
          itemKey={(field) => field.key}
          estimateSize={360}
          label="Field profiles"
          className={classes.cardViewport}
          renderItem={(field) => (
            <FieldCard field={field} model={model} onOpenField={onOpenField ? openField : undefined} />
          )}
        />
      )}
    </Stack>
  );
}
