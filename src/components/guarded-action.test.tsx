import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '@/test/render';
import { GuardedActionIcon, GuardedButton } from './guarded-action';

const denied = { allowed: false, reason: 'Deleting needs the TenantAdmin role.' };

describe('GuardedButton', () => {
  it('runs the action when allowed', async () => {
    const onClick = vi.fn();
    renderWithMantine(
      <GuardedButton permission={{ allowed: true }} onClick={onClick}>
        Delete
      </GuardedButton>,
    );
    const button = screen.getByRole('button', { name: 'Delete' });
    expect(button).not.toHaveAttribute('aria-disabled');
    await userEvent.click(button);
    expect(onClick).toHaveBeenCalledOnce();
  });

  it('stays focusable when not allowed, does nothing on click and says why on hover', async () => {
    const onClick = vi.fn();
    renderWithMantine(
      <GuardedButton permission={denied} onClick={onClick}>
        Delete
      </GuardedButton>,
    );
    const button = screen.getByRole('button', { name: 'Delete' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).not.toBeDisabled();
    await userEvent.tab();
    expect(button).toHaveFocus();
    await userEvent.hover(button);
    expect(await screen.findByText(denied.reason)).toBeInTheDocument();
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });
});

describe('GuardedActionIcon', () => {
  it('keeps its name when not allowed and describes the reason only when asked to', async () => {
    const onClick = vi.fn();
    renderWithMantine(
      <>
        <GuardedActionIcon permission={denied} label="Delete a.csv" onClick={onClick} describeReason>
          x
        </GuardedActionIcon>
        <GuardedActionIcon permission={denied} label="Delete b.csv" onClick={onClick}>
          x
        </GuardedActionIcon>
      </>,
    );
    const described = screen.getByRole('button', { name: 'Delete a.csv' });
    const plain = screen.getByRole('button', { name: 'Delete b.csv' });
    expect(described).toHaveAttribute('aria-disabled', 'true');
    expect(described).toHaveAttribute('aria-description', denied.reason);
    expect(plain).not.toHaveAttribute('aria-description');
    await userEvent.click(described);
    await userEvent.click(plain);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('runs the action when allowed', async () => {
    const onClick = vi.fn();
    renderWithMantine(
      <GuardedActionIcon permission={{ allowed: true }} label="Rename a.csv" onClick={onClick} describeReason>
        x
      </GuardedActionIcon>,
    );
    const icon = screen.getByRole('button', { name: 'Rename a.csv' });
    expect(icon).not.toHaveAttribute('aria-description');
    await userEvent.click(icon);
    expect(onClick).toHaveBeenCalledOnce();
  });
});
