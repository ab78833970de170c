import type { ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { theme } from '@/app/theme';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataField, DataSetProfile, FieldProfile, JsonPatch } from '@qlik/api/data-sets';
import { renderWithMantine } from '@/test/render';
import { ESTIMATE_TAGS } from '../profile-chart';
import { profileModel } from '../profile-model';
import { FieldPanel } from './field-panel';
import { ProfileTab } from './profile-tab';
import { SampleTab } from './sample-tab';
import { filterFields, SchemaTab } from './schema-tab';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

/**
 * How many elements match `selector` once `ui` is rendered synchronously (flushSync: the render, its commit, and
 * the synchronous updates its layout effects make, as for data arriving through a store), and how many a moment
 * later, once React has run what it scheduled at background priority (in short tasks that give way to input).
 */
async function drawnSynchronously(ui: ReactElement, selector: string) {
  const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  const wasAct = actEnvironment.IS_REACT_ACT_ENVIRONMENT;
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
  const container = document.body.appendChild(document.createElement('div'));
  const root = createRoot(container);
  try {
    flushSync(() =>
      root.render(
        <MantineProvider theme={theme} env="test">
          {ui}
        </MantineProvider>,
      ),
    );
    const atOnce = container.querySelectorAll(selector).length;
    // a hang guard, not a timing: the background render comes when the (busy) machine gets to it
    await waitFor(() => expect(container.querySelectorAll(selector).length).toBeGreaterThan(0), {
      timeout: scaledTimeout(10),
    });
    return { atOnce, later: container.querySelectorAll(selector).length };
  } finally {
    root.unmount();
    container.remove();
    actEnvironment.IS_REACT_ACT_ENVIRONMENT = wasAct;
  }
}

function wideProfile(fieldCount: number): DataSetProfile {
  return {
    meta: { status: 'FINISHED' },
    profiles: [
      {
        numberOfRows: 10,
        fieldProfiles: Array.from({ length: fieldCount }, (_, i) => ({
          name: `field ${i}`,
          dataType: 'INTEGER' as const,
          distinctValueCount: 10,
          numericValueCount: 10,
          textValueCount: 0,
          frequencyDistribution: [{ binEdge: i, frequency: 10 }],
        })),
      },
    ],
  };
}

vi.mock('@tanstack/react-virtual', async (original) =>
  (await import('@/test/virtual-viewport')).withViewport(original),
);

const serial = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000 + 25569;

const fieldProfiles: FieldProfile[] = [
  {
    name: '<img src=x onerror=alert(1)>',
    dataType: 'STRING',
    distinctValueCount: 3,
    nullValueCount: 0,
    numericValueCount: 0,
    textValueCount: 4,
    mostFrequentValues: [
      { value: 'Oslo', frequency: 2 },
      { value: '<b>Bergen</b>', frequency: 1 },
    ],
  },
  {
    name: 'amount',
    dataType: 'INTEGER',
    distinctValueCount: 4,
    nullValueCount: 0,
    numericValueCount: 4,
    textValueCount: 0,
    minNumericValue: 0,
    maxNumericValue: 25,
    frequencyDistribution: [
      { binEdge: 0, frequency: 1 },
      { binEdge: 10, frequency: 2 },
      { binEdge: 20, frequency: 1 },
    ],
    mostFrequentValues: [{ value: '12', frequency: 2 }],
  },
  {
    name: 'signed',
    dataType: 'DATE',
    distinctValueCount: 4,
    numericValueCount: 0,
    textValueCount: 4,
    frequencyDistribution: [
      { binEdge: serial(2024, 1, 1), frequency: 3 },
      { binEdge: serial(2024, 2, 1), frequency: 0 },
      { binEdge: serial(2024, 3, 1), frequency: 1 },
    ],
  },
  {
    name: 'id',
    dataType: 'INTEGER',
    distinctValueCount: 4,
    numericValueCount: 4,
    textValueCount: 0,
    mostFrequentValues: [{ value: '1', frequency: 1 }],
  },
  {
    name: 'key',
    dataType: 'STRING',
    distinctValueCount: 3_902,
    numericValueCount: 0,
    textValueCount: 4_000,
    tags: ['$text', ESTIMATE_TAGS.distinct, ESTIMATE_TAGS.frequencies],
    mostFrequentValues: [{ value: 'k1', frequency: 1 }],
  },
];

const profile: DataSetProfile = {
  meta: {
    status: 'FINISHED',
    messages: [
      'cities: distinct counts are estimates (HyperLogLog, within ±2.4 %, and never above the field’s values) for: key',
    ],
  },
  profiles: [{ name: 'cities', numberOfRows: 4, fieldProfiles }],
  samples: [
    {
      name: 'cities',
      fieldNames: ['<img src=x onerror=alert(1)>', 'amount'],
      records: [{ values: ['<b>Oslo</b>', '3'] }, { values: ['Bergen', ''] }],
    },
  ],
};

const card = (name: string) => screen.getByRole('region', { name: `Profile of ${name}` });

describe('profile tab', () => {
  it('says the tenant is profiling while it answers 202', () => {
    renderWithMantine(<ProfileTab state={{ computing: true }} />);
    expect(screen.getByRole('status')).toHaveTextContent('Profiling…');
  });

  it('draws the most frequent values of a text field as bars that read as text, names as plain text', () => {
    const { container } = renderWithMantine(<ProfileTab state={{ computing: false, profile }} />);
    const chart = within(card('<img src=x onerror=alert(1)>')).getByRole('figure', {
      name: /Top 2 values of <img/,
    });
    expect(
      within(chart)
        .getAllByRole('listitem')
        .map((bar) => bar.textContent),
    ).toEqual(['Oslo2 (50%)', '<b>Bergen</b>1 (25%)']);
    expect(container.querySelector('img, b')).toBeNull();
  });

  it('draws a histogram over the range of a numeric field, not its top values', () => {
    renderWithMantine(<ProfileTab state={{ computing: false, profile }} />);
    const amount = card('amount');
    const chart = within(amount).getByRole('figure', { name: 'Distribution of amount' });
    expect(
      within(chart)
        .getAllByRole('listitem')
        .map((bar) => bar.textContent),
    ).toEqual(['0 – 101 (25%)', '10 – 202 (50%)', '20 – 251 (25%)']);
    expect(within(amount).queryByRole('figure', { name: /values of amount/ })).toBeNull();
  });

  it('bins a date field by month, labelled as months', () => {
    renderWithMantine(<ProfileTab state={{ computing: false, profile }} />);
    const chart = within(card('signed')).getByRole('figure', { name: 'Values by month of signed' });
    expect(
      within(chart)
        .getAllByRole('listitem')
        .map((bar) => bar.textContent),
    ).toEqual(['Jan 20243 (75%)', 'Feb 20240 (0%)', 'Mar 20241 (25%)']);
  });

  it('says which figures are estimates, and never calls an estimated column all distinct', () => {
    renderWithMantine(<ProfileTab state={{ computing: false, profile }} />);
    const key = card('key');
    expect(within(key).getByText('Distinct (estimate)')).toBeInTheDocument();
    expect(within(key).getByText('≈ 3,902')).toBeInTheDocument();
    expect(
      within(key).getByText(/Estimated: distinct count \(within ±2.4%\); most frequent values/),
    ).toBeInTheDocument();
    expect(within(key).queryByText(/Every value occurs once/)).toBeNull();
    // an exact count equal to the values: every value occurs once, said with the count
    expect(
      within(card('id')).getByText(
        'Every value occurs once (4 distinct values): there is no distribution to draw.',
      ),
    ).toBeInTheDocument();
    expect(within(card('id')).queryByText(/Estimated/)).toBeNull();
  });

  it('keeps a 1,000-field profile to the cards on screen, and filters them', () => {
    const many = wideProfile(1000);
    const { rerender } = renderWithMantine(
      <ProfileTab state={{ computing: false, profile: many }} filter="" />,
    );
    const cards = screen.getAllByRole('region', { name: /^Profile of/ });
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.length).toBeLessThan(10);
    const list = within(screen.getByRole('region', { name: 'Field profiles' })).getAllByRole('list')[0]!;
    expect(list.getAttribute('style')).toMatch(/height: 360000px/);
    rerender(<ProfileTab state={{ computing: false, profile: many }} filter="field 99" />);
    expect(screen.getByText(/11 of 1,000 fields/)).toBeInTheDocument();
    expect(screen.getAllByRole('region', { name: /^Profile of field 99/ }).length).toBeGreaterThan(0);
  });

  it('draws the cards in a render after the one that brings the profile (React splits that one into short tasks)', async () => {
    const drawn = await drawnSynchronously(
      <ProfileTab state={{ computing: false, profile: wideProfile(1000) }} filter="" />,
      '[aria-label^="Profile of "]',
    );
    expect(drawn.atOnce).toBe(0);
    expect(drawn.later).toBeGreaterThan(0);
  });

  it('opens a field through the latest handler after the page renders again (the cards keep theirs)', async () => {
    const first = vi.fn();
    const latest = vi.fn();
    const state = { computing: false, profile };
    const { rerender } = renderWithMantine(<ProfileTab state={state} onOpenField={first} />);
    rerender(<ProfileTab state={state} onOpenField={latest} />);
    await userEvent.click(screen.getByRole('button', { name: 'Open field amount' }));
    expect(latest).toHaveBeenCalledWith('amount');
    expect(first).not.toHaveBeenCalled();
  });

  it('parses a profile once, whatever re-renders', () => {
    expect(profileModel(profile)).toBe(profileModel(profile));
  });

  it('shows sample rows as text', () => {
    const { container } = renderWithMantine(<SampleTab state={{ computing: false, profile }} />);
    expect(screen.getByRole('columnheader', { name: '<img src=x onerror=alert(1)>' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: '<b>Oslo</b>' })).toBeInTheDocument();
    expect(container.querySelector('img, b')).toBeNull();
  });
});

const fields: DataField[] = [
  { name: 'id', index: 0, dataType: { type: 'INTEGER' }, nullable: false, tags: ['$integer'] },
  { name: 'city', index: 1, dataType: { type: 'STRING' }, nullable: true, tags: ['$text'] },
  { name: 'email', index: 2, dataType: { type: 'STRING' }, nullable: true, tags: ['$text'], alias: 'Mail' },
];

/** An @qlik/api HTTP error as the console receives it. */
function httpError(status: number, item: Record<string, unknown>) {
  return Object.assign(new Error(`HTTP ${status}`), { status, data: { errors: [item] } });
}

// userEvent types each key through Mantine's inputs: seconds on a loaded machine, as in the whole suite
describe('schema tab', { timeout: scaledTimeout(15) }, () => {
  it('lists fields with type and nullability, filters by name, alias, type or tag, and opens a field', async () => {
    const opened: string[] = [];
    const { rerender } = renderWithMantine(
      <SchemaTab
        fields={fields}
        filter=""
        onFilterChange={() => {}}
        onOpenField={(name) => opened.push(name)}
      />,
    );
    const city = screen.getByRole('rowheader', { name: 'city' }).closest('tr')!;
    expect(within(city).getByText('STRING')).toBeInTheDocument();
    expect(within(city).getByText('Yes')).toBeInTheDocument();
    await userEvent.click(within(city).getByRole('button', { name: 'city' }));
    expect(opened).toEqual(['city']);
    rerender(<SchemaTab fields={fields} filter="integer" onFilterChange={() => {}} />);
    expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['id']);
    expect(screen.getByText('1 of 3 fields')).toBeInTheDocument();
    rerender(<SchemaTab fields={fields} filter="mail" onFilterChange={() => {}} />);
    expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['email']);
  });

  it('says profiling rather than "no schema" while the tenant is still inferring it', () => {
    renderWithMantine(<SchemaTab fields={[]} filter="" profiling onFilterChange={() => {}} />);
    expect(screen.getByRole('status')).toHaveTextContent('Profiling…');
  });

  it('draws the rows in a render after the page’s first one (React splits that one into short tasks)', async () => {
    const many = Array.from({ length: 5000 }, (_, i): DataField => ({
      name: `f${i}`,
      index: i,
      dataType: { type: 'STRING' },
    }));
    const drawn = await drawnSynchronously(
      <SchemaTab fields={many} filter="" onFilterChange={() => {}} />,
      'tbody th[scope="row"]',
    );
    expect(drawn.atOnce).toBe(0);
    expect(drawn.later).toBeGreaterThan(0);
  });

  it('lower-cases the fields once, not at each keystroke', () => {
    const many = Array.from({ length: 5000 }, (_, i): DataField => ({
      name: `Field ${i}`,
      index: i,
      alias: `Alias ${i}`,
      description: `About field ${i}`,
      dataType: { type: 'STRING' },
      tags: ['$text'],
    }));
    expect(filterFields(many, 'FIELD 12')).toHaveLength(111);
    const lower = vi.spyOn(String.prototype, 'toLowerCase');
    try {
      expect(filterFields(many, 'field 123')).toHaveLength(11);
      expect(filterFields(many, 'alias 4999').map((f) => f.name)).toEqual(['Field 4999']);
      // the needles (and the matchers' own): not 5,000 fields × six texts each
      expect(lower.mock.calls.length).toBeLessThan(10);
    } finally {
      lower.mockRestore();
    }
  });

  it('keeps 1,000 fields to the rows on screen', () => {
    const many = Array.from({ length: 1000 }, (_, i): DataField => ({
      name: `f${i}`,
      index: i,
      dataType: { type: 'STRING' },
    }));
    renderWithMantine(<SchemaTab fields={many} filter="" onFilterChange={() => {}} />);
    expect(screen.getAllByRole('rowheader').length).toBeLessThan(40);
  });

  function editable(save: (ops: JsonPatch[]) => Promise<unknown>, reload = vi.fn()) {
    renderWithMantine(
      <SchemaTab
        fields={fields}
        filter=""
        onFilterChange={() => {}}
        editing={{ permission: { allowed: true }, version: 4, save, reload, reloading: false }}
      />,
    );
    return reload;
  }

  it('edits a field in its row: alias, description, sensitive, sent after a test of the version', async () => {
    const save = vi.fn(async (_ops: JsonPatch[]) => ({}));
    editable(save);
    await userEvent.click(screen.getByRole('button', { name: 'Edit field city' }));
    const form = screen.getByRole('form', { name: 'Edit field city' });
    await userEvent.type(within(form).getByRole('textbox', { name: /Alias/ }), 'Town');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Description' }), 'Where they live');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Sensitive' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save field' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit field city' })).toBeNull());
    expect(save.mock.calls[0]![0]).toEqual([
      { op: 'test', path: '/version', value: 4 },
      { op: 'add', path: '/schema/dataFields/1/alias', value: 'Town' },
      { op: 'add', path: '/schema/dataFields/1/description', value: 'Where they live' },
      { op: 'add', path: '/schema/dataFields/1/sensitive', value: true },
    ]);
  });

  it('addresses an edit at the field’s place in dataFields, not at its ordinal, and keeps it through a filter', async () => {
    const save = vi.fn(async (_ops: JsonPatch[]) => ({}));
    const shuffled: DataField[] = [
      { name: 'b', index: 5, dataType: { type: 'STRING' } },
      { name: 'a', index: 0, dataType: { type: 'STRING' } },
    ];
    renderWithMantine(
      <SchemaTab
        fields={shuffled}
        filter="a"
        onFilterChange={() => {}}
        editing={{ permission: { allowed: true }, version: 1, save, reload: vi.fn(), reloading: false }}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Edit field a' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Description' }), 'First');
    await userEvent.click(screen.getByRole('button', { name: 'Save field' }));
    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(save.mock.calls[0]![0][1]).toEqual({
      op: 'add',
      path: '/schema/dataFields/1/description',
      value: 'First',
    });
  });

  it('refuses another field’s name or alias as alias before sending, and shows the tenant’s 400 on the alias', async () => {
    const save = vi.fn(async () => {
      throw httpError(400, {
        detail: "'Town' is already the alias of 'x'",
        meta: { operation: 1, path: '/schema/dataFields/1/alias' },
      });
    });
    editable(save);
    await userEvent.click(screen.getByRole('button', { name: 'Edit field city' }));
    const alias = screen.getByRole('textbox', { name: /Alias/ });
    await userEvent.type(alias, 'Mail');
    await userEvent.click(screen.getByRole('button', { name: 'Save field' }));
    expect(await screen.findByText(/'Mail' is already the alias of email/)).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();
    await userEvent.clear(alias);
    await userEvent.type(alias, 'Town');
    await userEvent.click(screen.getByRole('button', { name: 'Save field' }));
    expect(await screen.findByText(/already the alias of 'x'/)).toBeInTheDocument();
    expect(alias).toHaveValue('Town');
  });

  it('keeps what was typed after a 409 and offers to reload the data set', async () => {
    const reload = editable(async () => {
      throw httpError(409, { detail: 'changed', meta: { operation: 0, path: '/version' } });
    });
    await userEvent.click(screen.getByRole('button', { name: 'Edit field id' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Description' }), 'Row number');
    await userEvent.click(screen.getByRole('button', { name: 'Save field' }));
    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('Changed by someone else');
    expect(screen.getByRole('textbox', { name: 'Description' })).toHaveValue('Row number');
    await userEvent.click(within(notice).getByRole('button', { name: 'Reload data set' }));
    expect(reload).toHaveBeenCalled();
  });
});

describe('field panel', () => {
  it('shows one field: metadata, figures, histogram, top values and sample values', () => {
    renderWithMantine(
      <FieldPanel
        name="amount"
        field={{
          name: 'amount',
          index: 1,
          dataType: { type: 'INTEGER' },
          alias: 'Sum',
          description: 'In NOK',
          sensitive: true,
          userTags: [{ name: 'money' }],
        }}
        profile={profileModel(profile)}
        onClose={() => {}}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Field amount' });
    const metadata = within(dialog).getByRole('region', { name: 'Metadata' });
    expect(metadata).toHaveTextContent('Sum');
    expect(metadata).toHaveTextContent('In NOK');
    expect(metadata).toHaveTextContent('sensitive');
    expect(metadata).toHaveTextContent('money');
    expect(within(dialog).getByRole('figure', { name: 'Distribution of amount' })).toBeInTheDocument();
    expect(within(dialog).getByRole('figure', { name: 'Most frequent value of amount' })).toBeInTheDocument();
    expect(within(dialog).getByText('Every figure is exact.')).toBeInTheDocument();
    const samples = within(dialog).getByRole('region', { name: 'Sample values' });
    expect(
      within(samples)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['3', '(empty)']);
  });

  it('says so for a field the data set does not have (an old link)', () => {
    renderWithMantine(<FieldPanel name="pop" onClose={() => {}} />);
    expect(screen.getByRole('dialog', { name: 'Field pop' })).toHaveTextContent(
      'This data set has no field named pop.',
    );
  });
});
