/** Escapes text for HTML so that user-supplied names always render as text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The tenant's own pages (sign-in, OAuth errors): no script at all, styles in one sheet. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/interaction-assets/sign-in.css">
</head>
<body>
<main class="card">
${body}
</main>
</body>
</html>`;
}

export const SIGN_IN_CSS = `
:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
.card { width: min(420px, calc(100vw - 32px)); padding: 32px; border: 1px solid #8884; border-radius: 12px; }
h1 { font-size: 1.4rem; margin: 0 0 4px; }
p.lead { margin: 0 0 24px; opacity: .8; }
label { display: block; font-weight: 600; margin: 16px 0 6px; }
input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: 10px 12px; font-size: 1rem; border-radius: 8px; border: 1px solid #8888; background: Field; color: FieldText; }
button { font: inherit; padding: 10px 16px; border-radius: 8px; border: 0; cursor: pointer; }
button.primary { width: 100%; margin-top: 24px; background: #228be6; color: white; font-weight: 600; }
button.link { background: none; color: #228be6; padding: 4px 0; text-decoration: underline; }
:focus-visible { outline: 3px solid #4dabf7; outline-offset: 2px; }
.error { margin: 16px 0 0; padding: 10px 12px; border-radius: 8px; background: #fa52521a; border: 1px solid #fa5252; }
.demo { margin-top: 28px; padding-top: 16px; border-top: 1px solid #8884; }
.demo h2 { font-size: 1rem; margin: 0 0 8px; }
.demo ul { list-style: none; padding: 0; margin: 0; }
.demo li { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 6px 0; }
.demo code { font-size: .85rem; }
.client { font-size: .85rem; opacity: .8; margin-top: 16px; }
`;
