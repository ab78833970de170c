import type { ReactNode } from 'react';
import { Badge, Drawer, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { DataField } from '@qlik/api/data-sets';
import { LabelledValue } from '@/components/labelled-value';
import { formatCount } from '@/lib/format';
import { isPersonal } from '../api/update-data-set';
import { fieldDetails, type ProfileModel } from '../profile-model';
import { FieldChartView } from './field-chart';
import { FieldFigures, ProfilingNotice, domId, estimatesNote, noChartNote } from './profile-tab';

export interface FieldPanelProps {
  /** The field named in the URL; '' when none is open. */
  name: string;
  /** Its schema entry (metadata), when the schema has it. */
  field?: DataField;
  /** The parsed profile, when there is one. */
  profile?: ProfileModel;
  /** The tenant is still computing the profile. */
  profiling?: boolean;
  onClose: () => void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack component="section" gap="xs" aria-label={title}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/**
 * One field of the data set, opened from the schema or the profile (the URL's `field=`): its metadata, figures
 * (estimates marked), histogram, most frequent values and the values of the first rows.
 */
export function FieldPanel({ name, field, profile, profiling, onClose }: FieldPanelProps) {
  const profiled = name ? profile?.byName.get(name) : undefined;
  const details = profiled ? fieldDetails(profiled.profile, profile?.rowCount) : undefined;
  const samples = profile?.samples.get(name) ?? profiled?.profile.sampleValues ?? [];
  const key = profiled?.key ?? name;
  const userTags = (field?.userTags ?? []).flatMap((t) => (t.name ? [t.name] : []));

  return (
    <Drawer
      opened={name !== ''}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Text fw={700}>Field {name}</Text>}
      closeButtonProps={{ 'aria-label': 'Close field' }}
    >
      {!field && !profiled ? (
        <Text>This data set has no field named {name}.</Text>
      ) : (
        <Stack gap="lg">
          {field && (
            <Section title="Metadata">
              <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" component="dl" m={0}>
                <LabelledValue term size="sm" label="Type">
                  {field.dataType.type}
                </LabelledValue>
                <LabelledValue term size="sm" label="Alias">
                  {field.alias ?? '—'}
                </LabelledValue>
                <LabelledValue term size="sm" label="Position">
                  {(field.index ?? 0) + 1}
                </LabelledValue>
                <LabelledValue term size="sm" label="Nullable">
                  {field.nullable === undefined ? '—' : field.nullable ? 'Yes' : 'No'}
                </LabelledValue>
                <LabelledValue term size="sm" label="Flags">
                  {[
                    field.primaryKey && 'primary key',
                    field.sensitive && 'sensitive',
                    isPersonal(field) && 'personal data',
                  ]
                    .filter(Boolean)
                    .join(', ') || 'none'}
                </LabelledValue>
                <LabelledValue term size="sm" label="System tags">
                  {(field.tags ?? []).join(', ') || '—'}
                </LabelledValue>
              </SimpleGrid>
              <LabelledValue size="sm" label="Description">
                {field.description || '—'}
              </LabelledValue>
              <LabelledValue size="sm" label="Tags">
                {userTags.length ? (
                  <Group gap={4}>
                    {userTags.map((tag) => (
                      <Badge key={tag} size="sm" variant="light" tt="none">
                        {tag}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  '—'
                )}
              </LabelledValue>
              <Text size="xs" c="dimmed">
                Edit these in the schema table: the pencil on the field&apos;s row.
              </Text>
            </Section>
          )}
          {profiled && details ? (
            <>
              <Section title="Statistics">
                <FieldFigures details={details} />
                <Text size="xs" c="dimmed">
                  {estimatesNote(details, profile?.statedError) ?? 'Every figure is exact.'}
                </Text>
              </Section>
              {details.histogram && (
                <Section title="Histogram">
                  <FieldChartView
                    chart={details.histogram}
                    fieldName={name}
                    id={domId('panel-histogram', key)}
                  />
                </Section>
              )}
              <Section title="Top values">
                {details.topValues ? (
                  <FieldChartView chart={details.topValues} fieldName={name} id={domId('panel-top', key)} />
                ) : (
                  <Text size="sm" c="dimmed">
                    {noChartNote(profiled, details)}
                  </Text>
                )}
              </Section>
            </>
          ) : (
            <Section title="Statistics">
              {profiling ? <ProfilingNotice /> : <Text size="sm">No profile for this field yet.</Text>}
            </Section>
          )}
          <Section title="Sample values">
            {samples.length ? (
              <>
                <Text size="xs" c="dimmed">
                  The first {formatCount(samples.length)} value{samples.length === 1 ? '' : 's'} the profiler
                  kept.
                </Text>
                <List size="sm" spacing={2}>
                  {samples.map((value, i) => (
                    <List.Item key={i} style={{ overflowWrap: 'anywhere' }}>
                      {value === '' ? (
                        <Text span c="dimmed" size="sm">
                          (empty)
                        </Text>
                      ) : (
                        value
                      )}
                    </List.Item>
                  ))}
                </List>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                No sample values.
              </Text>
            )}
          </Section>
        </Stack>
      )}
    </Drawer>
  );
}
