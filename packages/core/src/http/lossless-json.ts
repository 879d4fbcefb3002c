/**
 * Parses JSON, turning integers too long for a JavaScript number (16 digits or more) into
 * strings first, so a key like 8887380153236031176710 keeps every digit. Text inside JSON
 * strings is never touched.
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  let out = '';
  let i = 0;
  let last = 0;
  while (i < text.length) {
    const char = text.charCodeAt(i);
    if (char === 0x22) {
      // Skip a string, escapes included.
      i += 1;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i += 1;
      continue;
    }
    if ((char >= 0x30 && char <= 0x39) || char === 0x2d) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end] as string)) end += 1;
      const number = text.slice(i, end);
      if (/^-?\d{16,}$/.test(number)) {
        out += `${text.slice(last, i)}"${number}"`;
        last = end;
      }
      i = end;
      continue;
    }
    i += 1;
  }
  return JSON.parse(last === 0 ? text : out + text.slice(last));
}
