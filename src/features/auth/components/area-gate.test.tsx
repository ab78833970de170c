import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithMantine } from '@/test/render';
import { analyseCapabilities } from '../capabilities';
import { AreaGate } from './area-gate';

const areasFor = (scopes: string[], roles: string[] = []) => analyseCapabilities({ scopes, roles }).areas;

describe('AreaGate', () => {
  it('shows the page when the area is in reach', () => {
    renderWithMantine(
      <AreaGate access={areasFor(['user_default'], ['TenantAdmin']).catalog}>
        <p>catalog page</p>
      </AreaGate>,
    );
    expect(screen.getByText('catalog page')).toBeInTheDocument();
  });

  it('names the area and what to do when it is out of reach', () => {
    const access = areasFor(['identity.email']).catalog;
    expect(access.level).toBe('none');
    renderWithMantine(
      <AreaGate access={access}>
        <p>catalog page</p>
      </AreaGate>,
    );
    expect(screen.queryByText('catalog page')).not.toBeInTheDocument();
    expect(screen.getByText('The catalog is out of reach')).toBeInTheDocument();
    expect(screen.getByText(access.remedy!)).toBeInTheDocument();
  });

  it('lets a page ask for more than the area level', () => {
    renderWithMantine(
      <AreaGate access={areasFor(['user_default'], ['TenantAdmin']).connections} allowed={false}>
        <p>connections page</p>
      </AreaGate>,
    );
    expect(screen.queryByText('connections page')).not.toBeInTheDocument();
    expect(screen.getByText('Data connections are out of reach')).toBeInTheDocument();
  });
});
