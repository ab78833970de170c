import { Fragment, type ReactNode } from 'react';
import { Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';

export interface Crumb {
  label: string;
  /** Rendered link (an `AnchorLink`, so it looks like every other link) or nothing for the current page. */
  link?: ReactNode;
}

export interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  breadcrumbs?: Crumb[];
  /** Buttons on the right, e.g. "Create space". */
  actions?: ReactNode;
}

/** Title, optional breadcrumbs and page actions; the page's only h1. */
export function PageHeader({ title, description, breadcrumbs, actions }: PageHeaderProps) {
  return (
    <Stack gap={6} mb="lg">
      {breadcrumbs && breadcrumbs.length > 0 && (
        <Breadcrumbs aria-label="Breadcrumb" separatorMargin={6}>
          {breadcrumbs.map((crumb) =>
            crumb.link ? (
              <Fragment key={crumb.label}>{crumb.link}</Fragment>
            ) : (
              <Text key={crumb.label} size="sm" c="dimmed" aria-current="page">
                {crumb.label}
              </Text>
            ),
          )}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {title}
          </Title>
          {description && <Text c="dimmed">{description}</Text>}
        </Stack>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
    </Stack>
  );
}
