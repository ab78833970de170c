import { Group, Stack, Text } from '@mantine/core';
import { formatCount } from '@/lib/format';
import { formatShare, type FieldChart } from '../profile-chart';
import classes from './catalog.module.css';

/**
 * A chart as bars and text: screen readers read the label and count of every bar. `id` names the figure (it
 * must be unique on the page: a card and the field panel may show the same chart).
 */
export function FieldChartView({
  chart,
  fieldName,
  id,
}: {
  chart: FieldChart;
  fieldName: string;
  id: string;
}) {
  return (
    <figure style={{ margin: 0 }} aria-labelledby={id}>
      <Text id={id} component="figcaption" size="sm" fw={600} mb={4}>
        {chart.title} of {fieldName}
        {chart.estimate ? ' (estimated: counts are lower bounds)' : ''}
      </Text>
      <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {chart.bars.map((bar, index) => (
          <li key={`${index}:${bar.label}`}>
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" w={150} truncate="end" title={bar.label}>
                {bar.label}
              </Text>
              <div className={classes.barTrack} style={{ flex: 1 }} aria-hidden>
                <div
                  className={classes.bar}
                  style={{ width: `${Math.max(bar.relative * 100, bar.count > 0 ? 1 : 0)}%` }}
                />
              </div>
              <Text size="xs" w={110} ta="right">
                {formatCount(bar.count)}
                {bar.ofRows !== undefined ? ` (${formatShare(bar.ofRows)})` : ''}
              </Text>
            </Group>
          </li>
        ))}
      </Stack>
    </figure>
  );
}
