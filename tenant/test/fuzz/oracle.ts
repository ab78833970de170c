/** What every answer to any input must be: below 500, and a refusal in Qlik's error shape. */
export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** Routes whose answers are pages or redirects for a browser, not API bodies. */
const BROWSER_ROUTES = /^\/interaction(\/|-assets\/)|^\/oauth\/authorize/;

/** Why an answer breaks the contract, or undefined when it holds. */
export function contractBreach(path: string, answer: Answer): string | undefined {
  if (answer.status >= 500) return `${answer.status}: ${answer.body.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  const pathname = path.split('?')[0]!;
  if (BROWSER_ROUTES.test(pathname) && answer.contentType.startsWith('text/html')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `${answer.status} without a JSON body (${answer.contentType}): ${answer.body.slice(0, 200)}`;
  }
  const errors = (body as { errors?: unknown }).errors;
  if (
    !Array.isArray(errors) ||
    errors.length === 0 ||
    !errors.every(
      (e: { code?: unknown; title?: unknown }) => typeof e?.code === 'string' && typeof e?.title === 'string',
    )
  ) {
    return `${answer.status} with a body outside Qlik's error shape: ${answer.body.slice(0, 200)}`;
  }
  return undefined;
}

export async function answerOf(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}
