// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countLineEnds } from './lineEnds';

function naive(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (byte === 10) count++;
  return count;
}

test('counts every \\n whatever the alignment and length, and no byte that merely looks close (0x0a in other bits, 0x8a, 0x0b)', () => {
  let seed = 3;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = [10, 10, 11, 9, 0x8a, 0x0a + 0x80, 0, 255, 44, 48];
  const bytes = Buffer.from(Array.from({ length: 4_099 }, () => alphabet[Math.floor(random() * alphabet.length)]));
  for (let start = 0; start < 9; start++) {
    for (const end of [start, start + 1, start + 3, start + 4, start + 7, 1_000, 4_099]) {
      const slice = bytes.subarray(start, Math.max(start, end));
      assert.is(countLineEnds(slice), naive(slice), `bytes [${start}, ${end})`);
    }
  }
  assert.is(countLineEnds(Buffer.alloc(64, 10)), 64, 'all line ends');
  assert.is(countLineEnds(Buffer.alloc(64, 0)), 0, 'none');
});

test.run();
