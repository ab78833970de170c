import { Suspense, type ReactNode } from 'react';
import { Loader, Tabs } from '@mantine/core';
import { z } from 'zod/mini';

export const DETAIL_TABS = ['details', 'activity'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

/** A detail page's tab in the URL (`?tab=activity`), so a tab is a link; anything else is the details. */
export const detailTabSearchSchema = z.object({
  tab: z.catch(z.optional(z.enum(DETAIL_TABS)), undefined),
});

export interface DetailTabsProps {
  tab: DetailTab | undefined;
  onTabChange: (tab: DetailTab) => void;
  details: ReactNode;
  /** The resource's Activity (composed by the route); no tab when the caller may not read the audit trail. */
  activity?: ReactNode;
}

/**
 * Details and Activity of one resource as tabs. The activity mounts only when its tab is open, so the audit trail
 * is read only by those who look at it.
 */
export function DetailTabs({ tab, onTabChange, details, activity }: DetailTabsProps) {
  if (!activity) return <>{details}</>;
  return (
    <Tabs
      value={tab ?? 'details'}
      onChange={(value) => value && onTabChange(value as DetailTab)}
      keepMounted={false}
    >
      <Tabs.List mb="md">
        <Tabs.Tab value="details">Details</Tabs.Tab>
        <Tabs.Tab value="activity">Activity</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="details">{details}</Tabs.Panel>
      <Tabs.Panel value="activity">
        <Suspense fallback={<Loader size="sm" aria-label="Loading activity" />}>{activity}</Suspense>
      </Tabs.Panel>
    </Tabs>
  );
}
