// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether a name holds a control character (NUL, tab, line breaks, C1 controls…), which no name may hold. */
export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}
