/** The postmortem editor's text fields to and from the document the API stores. Pure: tested beside it. */

/** A list section as lines, one item a line. */
export function listToText(items: readonly string[]): string {
  return items.join('\n');
}

/** Lines back to a list: blank lines and a leading "- " or "* " dropped. */
export function textToList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*[-*]\s+/, '').trim())
    .filter((line) => line !== '');
}

/** The 5 whys as "why → because" lines. */
export function whysToText(whys: ReadonlyArray<{ why: string; because: string }>): string {
  return whys.map((w) => (w.because ? `${w.why} → ${w.because}` : w.why)).join('\n');
}

/** "why → because" lines back (also "why -> because"); a line without an arrow is a why not yet answered. */
export function textToWhys(text: string): Array<{ why: string; because: string }> {
  return textToList(text).map((line) => {
    const match = /\s*(?:→|->)\s*/.exec(line);
    if (!match) return { why: line, because: '' };
    return {
      why: line.slice(0, match.index).trim(),
      because: line.slice(match.index + match[0].length).trim(),
    };
  });
}
