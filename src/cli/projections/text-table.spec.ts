import { textTable } from './text-table';

describe('textTable', () => {
  it('pads text to the left and numbers to the right', () => {
    expect(textTable(['name', 'lag'], [['account-directory', 0], ['key-account-share', 1250]])).toBe(
      [`name${' '.repeat(16)}lag`, 'account-directory     0', 'key-account-share  1250'].join('\n'),
    );
  });
});
