import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { FieldProfile } from '@qlik/api/data-sets';
import { EmptyState } from '@/components/empty-state';
import { formatCount, formatDateTime } from '@/lib/format';
import type { DataSetProfileState } from '../api/data-set-profiles';
import { fieldChart, fieldStatistics, type FieldChart } from '../profile-chart';
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

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** Bars as text plus drawn lengths: screen readers read the label and count of every bar. */
function ChartView({ chart, fieldName }: { chart: FieldChart; fieldName: string }) {
  const titleId = `chart-${fieldName.replace(/[^\w-]/g, '_')}`;
  return (
    <figure style={{ margin: 0 }} aria-labelledby={titleId}>
      <Text id={titleId} component="figcaption" size="sm" fw={600} mb={4}>
        {chart.title} of {fieldName}
      </Text>
      <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {chart.bars.map((bar, index) => (
          <li key={`${index}:${bar.label}`}>
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" w={140} truncate="end" title={bar.label}>
                {bar.label}
              </Text>
              <div className={classes.barTrack} style={{ flex: 1 }} aria-hidden>
                <div className={classes.bar} style={{ width: `${Math.max(bar.relative * 100, 1)}%` }} />
              </div>
              <Text size="xs" w={96} ta="right">
                {formatCount(bar.count)}
                {bar.ofRows !== undefined ? ` (${percent.format(bar.ofRows)})` : ''}
              </Text>
            </Group>
          </li>
        ))}
      </Stack>
    </figure>
  );
}

function FieldCard({ field, rowCount }: { field: FieldProfile; rowCount?: number }) {
  const name = field.name ?? field.technicalName ?? `Field ${(field.index ?? 0) + 1}`;
  const chart = fieldChart(field, rowCount);
  const stats = fieldStatistics(field);
  return (
    <Card withBorder component="section" aria-label={`Profile of ${name}`}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {name}
        </Title>
        {field.dataType && (
          <Badge variant="light" tt="none">
            {field.dataType}
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" mb="sm" component="dl" style={{ margin: 0 }}>
        {stats.map((stat) => (
          <div key={stat.label}>
            <Text component="dt" size="xs" c="dimmed">
              {stat.label}
            </Text>
            <Text component="dd" size="sm" m={0} truncate="end" title={stat.value}>
              {stat.value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {chart ? (
        <ChartView chart={chart} fieldName={name} />
      ) : (
        <Text size="sm" c="dimmed">
          {(field.mostFrequentValues?.length ?? 0) > 0
            ? 'Every value occurs once: there is no distribution to draw.'
            : 'No value distribution for this field.'}
        </Text>
      )}
    </Card>
  );
}

export function ProfileTab({ state }: { state: DataSetProfileState }) {
  if (state.computing) return <ProfilingNotice />;
  const table = state.profile?.profiles?.[0];
  const meta = state.profile?.meta;
  if (!table?.fieldProfiles?.length) {
    return (
      <EmptyState
        title="No profile"
        description={
          meta?.status === 'FAILED'
            ? 'The tenant could not profile this data set.'
            : 'The tenant has no profile for this data set.'
        }
      />
    );
  }
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {formatCount(table.numberOfRows)} rows profiled
        {meta?.computationEndTime ? ` · computed ${formatDateTime(meta.computationEndTime)}` : ''}
        {meta?.status && meta.status !== 'FINISHED' ? ` · ${meta.status.toLowerCase()}` : ''}
      </Text>
      {meta?.messages?.length ? (
        <Alert color="yellow" variant="light" title="Notes from the profiler">
          {meta.messages.map((message) => (
            <Text key={message} size="sm">
              {message}
            </Text>
          ))}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {table.fieldProfiles.map((field, index) => (
          <FieldCard key={`${index}:${field.name}`} field={field} rowCount={table.numberOfRows} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
