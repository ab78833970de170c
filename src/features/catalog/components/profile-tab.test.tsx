import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '@/test/render';
import { ProfileTab } from './profile-tab';
import { SampleTab } from './sample-tab';
import { SchemaTab } from './schema-tab';

const profile = {
  meta: { status: 'FINISHED' as const },
  profiles: [
    {
      name: 'cities',
      numberOfRows: 4,
      fieldProfiles: [
        {
          name: '<img src=x onerror=alert(1)>',
          dataType: 'STRING' as const,
          distinctValueCount: 3,
          nullValueCount: 0,
          mostFrequentValues: [
            { value: 'Oslo', frequency: 2 },
            { value: '<b>Bergen</b>', frequency: 1 },
          ],
        },
      ],
    },
  ],
  samples: [{ name: 'cities', fieldNames: ['<i>city</i>'], records: [{ values: ['<b>Oslo</b>'] }] }],
};

describe('profile and sample tabs', () => {
  it('says the tenant is profiling while it answers 202', () => {
    renderWithMantine(<ProfileTab state={{ computing: true }} />);
    expect(screen.getByRole('status')).toHaveTextContent('Profiling…');
  });

  it('draws each field as a labelled chart whose bars read as text, names included as plain text', () => {
    const { container } = renderWithMantine(<ProfileTab state={{ computing: false, profile }} />);
    const region = screen.getByRole('region', { name: 'Profile of <img src=x onerror=alert(1)>' });
    const chart = within(region).getByRole('figure', { name: /Top 2 values of <img/ });
    const bars = within(chart).getAllByRole('listitem');
    expect(bars.map((bar) => bar.textContent)).toEqual(['Oslo2 (50%)', '<b>Bergen</b>1 (25%)']);
    expect(container.querySelector('img, b')).toBeNull();
  });

  it('shows sample rows as text', () => {
    const { container } = renderWithMantine(<SampleTab state={{ computing: false, profile }} />);
    expect(screen.getByRole('columnheader', { name: '<i>city</i>' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: '<b>Oslo</b>' })).toBeInTheDocument();
    expect(container.querySelector('i, b')).toBeNull();
  });
});

describe('schema tab', () => {
  const fields = [
    { name: 'id', index: 0, dataType: { type: 'INTEGER' as const }, nullable: false, tags: ['$integer'] },
    { name: 'city', index: 1, dataType: { type: 'STRING' as const }, nullable: true, tags: ['$text'] },
  ];

  it('lists fields with type and nullability, and filters by name, type or tag', async () => {
    let filter = '';
    const { rerender } = renderWithMantine(
      <SchemaTab fields={fields} filter={filter} onFilterChange={(next) => (filter = next)} />,
    );
    const city = screen.getByRole('rowheader', { name: 'city' }).closest('tr')!;
    expect(within(city).getByText('STRING')).toBeInTheDocument();
    expect(within(city).getByText('Yes')).toBeInTheDocument();

    await userEvent.type(screen.getByRole('textbox', { name: 'Filter fields' }), 'i');
    expect(filter).toBe('i');
    rerender(<SchemaTab fields={fields} filter="integer" onFilterChange={() => {}} />);
    expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['id']);
    expect(screen.getByText('1 of 2 fields')).toBeInTheDocument();
  });

  it('says profiling rather than "no schema" while the tenant is still inferring it', () => {
    renderWithMantine(<SchemaTab fields={[]} filter="" profiling onFilterChange={() => {}} />);
    expect(screen.getByRole('status')).toHaveTextContent('Profiling…');
  });
});
