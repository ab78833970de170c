import { notifications } from '@mantine/notifications';
import { describeError } from '@/lib/api-error';

/** An action that failed away from any form: a red notice naming what went wrong and what to do. */
export function notifyFailure(error: unknown): void {
  const { title, message } = describeError(error);
  // Longer than a success notice (5 s): there is more to read, and it may say what to do.
  notifications.show({ color: 'red', title, message, autoClose: 10_000 });
}
