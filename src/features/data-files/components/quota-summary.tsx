import { Group, Progress, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatBytes } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { quotasQuery } from '../api/data-files';

/** Qlik publishes 2^63 as "no aggregate cap". */
const UNLIMITED = 2 ** 62;

/** The caller's data-file quota: what their uploads use, the cap, and the largest single file. */
export function QuotaSummary({ tenant }: { tenant: TenantTarget }) {
  const { data, isError } = useQuery(quotasQuery(tenant));
  if (isError) return null;
  if (!data)
    return (
      <Text size="sm" c="dimmed">
        Loading quota…
      </Text>
    );
  const limited = data.maxSize < UNLIMITED;
  const used = limited ? Math.min(100, (data.size / data.maxSize) * 100) : 0;
  return (
    <Group gap="sm" wrap="nowrap" aria-label="Data files quota" role="group">
      <Text size="sm">
        Your uploads use <strong>{formatBytes(data.size)}</strong>
        {limited ? ` of ${formatBytes(data.maxSize)}` : ' (no total limit)'}
      </Text>
      {limited && (
        <Progress
          value={used}
          w={120}
          color={used > 90 ? 'red' : 'blue'}
          aria-label={`${Math.round(used)}% of the data files quota used`}
        />
      )}
      <Tooltip label={`Larger files go through chunked upload, up to ${formatBytes(data.maxLargeFileSize)}.`}>
        <Text size="sm" c="dimmed" tabIndex={0}>
          Max file {formatBytes(data.maxFileSize)}
        </Text>
      </Tooltip>
    </Group>
  );
}
