import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { OwnerName } from '@/components/owner-name';
import { formatBytes, formatCount, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { schemaVersionsQuery, type SchemaVersion } from '../api/schema-versions';
import { diffSchemas } from '../schema-diff/diff';
import { SchemaDiffView } from '../schema-diff/schema-diff-view';

/**
 * The data set's schema versions, newest first: each with who uploaded that content and when, and what changed in
 * its fields against the version before it.
 */
export function VersionsTab({ target, dataSetId }: { target: TenantTarget; dataSetId: string }) {
  const query = useQuery(schemaVersionsQuery(target, dataSetId));
  if (query.isError) {
    return <ErrorState variant="inline" error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!query.data) return <Text size="sm">Loading versions…</Text>;
  const versions = query.data.data;
  if (versions.length === 0) {
    return (
      <EmptyState
        title="No versions yet"
        description="A version is kept once the file's schema has been read; the first appears when profiling ends."
      />
    );
  }
  const more = query.data.total - versions.length;
  return (
    <Stack gap="sm">
      {versions.map((version, i) => (
        <VersionCard key={version.version} target={target} version={version} previous={versions[i + 1]} />
      ))}
      {more > 0 && (
        <Text size="sm" c="dimmed">
          {formatCount(more)} older versions are not shown.
        </Text>
      )}
    </Stack>
  );
}

const FIELD_NAMES_SHOWN = 20;

function VersionCard({
  target,
  version,
  previous,
}: {
  target: TenantTarget;
  version: SchemaVersion;
  previous: SchemaVersion | undefined;
}) {
  const headingId = `schema-version-${version.version}`;
  return (
    <Card component="article" withBorder aria-labelledby={headingId} padding="sm">
      <Group justify="space-between" align="baseline" mb={6}>
        <Title order={3} size="h6" id={headingId}>
          Version {version.version}
        </Title>
        <Text size="xs" c="dimmed">
          {formatDateTime(version.createdTime)} · by <OwnerName tenant={target} userId={version.createdBy} />{' '}
          · {formatCount(version.rowCount)} rows · {formatBytes(version.size)}
        </Text>
      </Group>
      {previous ? (
        <SchemaDiffView
          diff={diffSchemas(previous.dataFields, version.dataFields)}
          label={`Changes in version ${version.version} since version ${previous.version}`}
        />
      ) : (
        <Text size="sm">
          {version.version === 1 ? 'First upload' : 'Oldest version kept'}:{' '}
          {formatCount(version.dataFields.length)} fields (
          {version.dataFields
            .slice(0, FIELD_NAMES_SHOWN)
            .map((f) => f.name)
            .join(', ')}
          {version.dataFields.length > FIELD_NAMES_SHOWN ? ', …' : ''})
        </Text>
      )}
    </Card>
  );
}
