import { describe, expect, it } from 'vitest';
import { listToText, textToList, textToWhys, whysToText } from './postmortem-text.ts';

describe('postmortem editor text', () => {
  it('edits a list as one item a line, ignoring blank lines and bullets', () => {
    expect(listToText(['Paged fast', 'Runbook worked'])).toBe('Paged fast\nRunbook worked');
    expect(textToList('- Paged fast\n\n  * Runbook worked  \r\nNo bullet')).toEqual([
      'Paged fast',
      'Runbook worked',
      'No bullet',
    ]);
  });

  it('edits the whys as "why → because" lines and reads them back unchanged', () => {
    const whys = [
      { why: 'Why did payments fail?', because: 'The pool was exhausted' },
      { why: 'Why was it exhausted?', because: '' },
    ];
    expect(textToWhys(whysToText(whys))).toEqual(whys);
    expect(textToWhys('A -> B')).toEqual([{ why: 'A', because: 'B' }]);
  });
});
