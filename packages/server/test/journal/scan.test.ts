import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import type { Command } from '../../src/domain/index.js';
import {
  appendRecord, ByteWriter, HEADER_BYTES, JournalCorruptError, JournalWriter, listSegments, readCommands, segmentPath,
} from '../../src/journal/index.js';
import { makeWorkload } from '../support/workload.js';
import { tempDir } from './helpers.js';

const COMMANDS: Command[] = (() => {
  const w = makeWorkload({ seed: 7, count: 300, accounts: 5 });
  return [...w.setup, ...w.flow];
})();

/** Write `cmds` as batches of `per` records; returns the byte offset where each record starts in its segment. */
async function writeJournal(dir: string, cmds: Command[], per = 10, segmentBytes?: number): Promise<number[]> {
  const writer = await JournalWriter.open({ dir, tail: null, nextSeq: 1, segmentBytes, fsync: false });
  const offsets: number[] = [];
  const w = new ByteWriter();
  let seq = 0;
  for (let i = 0; i < cmds.length; i += per) {
    w.pos = 0;
    const base = writer.bytes;
    for (const c of cmds.slice(i, i + per)) {
      offsets.push(base + w.pos);
      appendRecord(w, ++seq, c);
    }
    await writer.append(w.buf, w.pos, seq);
  }
  await writer.close();
  return offsets;
}

function readAll(dir: string, from = 0): { cmds: Command[]; seqs: number[]; result: ReturnType<typeof readCommands> } {
  const cmds: Command[] = [];
  const seqs: number[] = [];
  const result = readCommands(dir, from, (seq, c) => {
    seqs.push(seq);
    cmds.push(c);
  });
  return { cmds, seqs, result };
}

test('records written in batches read back in order with seqs from 1', async (t) => {
  const dir = tempDir(t);
  await writeJournal(dir, COMMANDS);
  const { cmds, seqs, result } = readAll(dir);
  assert.deepStrictEqual(cmds, COMMANDS);
  assert.deepEqual(seqs, COMMANDS.map((_, i) => i + 1));
  assert.equal(result.lastSeq, COMMANDS.length);
  assert.equal(result.torn, null);
  assert.deepEqual(readAll(dir, 250).seqs, COMMANDS.slice(250).map((_, i) => 251 + i));
});

test('segments roll at the size limit and read as one journal', async (t) => {
  const dir = tempDir(t);
  await writeJournal(dir, COMMANDS, 7, 1000);
  const segs = listSegments(dir);
  assert.ok(segs.length > 3, `${segs.length} segments`);
  assert.equal(segs[0].firstSeq, 1);
  assert.deepStrictEqual(readAll(dir).cmds, COMMANDS);
  const from = segs[2].firstSeq + 3;
  assert.deepEqual(readAll(dir, from).seqs[0], from + 1);
});

const TORN: Array<[string, (file: string, lastOffset: number) => void]> = [
  ['a partial header', (f) => appendFileSync(f, Buffer.from([9, 0, 0]))],
  ['a header without its payload', (f) => appendFileSync(f, Buffer.from([40, 0, 0, 0, 1, 2, 3, 4, 99, 1, 0, 0, 0, 0, 0, 0, 6, 1]))],
  ['a last record cut short', (f) => truncateSync(f, statSync(f).size - 3)],
  ['a bad CRC in the last record', (f, last) => {
    const b = readFileSync(f);
    b[last + HEADER_BYTES + 2] ^= 0xff;
    writeFileSync(f, b);
  }],
  ['zeros after the last record', (f) => appendFileSync(f, Buffer.alloc(4096))],
  ['random garbage after the last record', (f) => appendFileSync(f, Buffer.from(Array.from({ length: 777 }, (_, i) => (i * 7919) & 0xff)))],
];

for (const [what, damage] of TORN) {
  test(`a torn tail (${what}) is reported and the valid prefix is kept`, async (t) => {
    const dir = tempDir(t);
    const offsets = await writeJournal(dir, COMMANDS);
    const file = segmentPath(dir, 1);
    const cleanSize = statSync(file).size;
    damage(file, offsets[offsets.length - 1]);
    const { cmds, result } = readAll(dir);
    assert.ok(result.torn !== null, 'torn tail reported');
    assert.equal(result.torn.file, file);
    const kept = result.lastSeq;
    assert.ok(kept === COMMANDS.length || kept === COMMANDS.length - 1);
    assert.deepStrictEqual(cmds, COMMANDS.slice(0, kept));
    assert.equal(result.tail?.validBytes, kept === COMMANDS.length ? cleanSize : offsets[kept]);

    // The writer truncates the tail away and appends after the valid records.
    const writer = await JournalWriter.open({ dir, tail: { path: file, validBytes: result.tail.validBytes }, nextSeq: kept + 1, fsync: false });
    const w = new ByteWriter();
    appendRecord(w, kept + 1, COMMANDS[0]);
    await writer.append(w.buf, w.pos, kept + 1);
    await writer.close();
    const again = readAll(dir);
    assert.equal(again.result.torn, null);
    assert.equal(again.result.lastSeq, kept + 1);
  });
}

test('a bad record before the tail refuses to start, naming the file and byte offset', async (t) => {
  const dir = tempDir(t);
  const offsets = await writeJournal(dir, COMMANDS);
  const file = segmentPath(dir, 1);
  const b = readFileSync(file);
  const at = offsets[100];
  b[at + HEADER_BYTES] ^= 0x55;
  writeFileSync(file, b);
  assert.throws(
    () => readAll(dir),
    (err: unknown) => {
      assert.ok(err instanceof JournalCorruptError);
      assert.equal(err.file, file);
      assert.equal(err.offset, at);
      assert.match(err.message, new RegExp(`${file} at byte ${at}: CRC mismatch`));
      assert.match(err.message, /valid record \(seq 102\)/);
      return true;
    },
  );
});

test('a broken length field before the tail is corruption, not a torn tail', async (t) => {
  const dir = tempDir(t);
  const offsets = await writeJournal(dir, COMMANDS);
  const file = segmentPath(dir, 1);
  const b = readFileSync(file);
  b.writeUInt32LE(0xfffffff0, offsets[50]);
  writeFileSync(file, b);
  assert.throws(() => readAll(dir), (err: unknown) => err instanceof JournalCorruptError && err.offset === offsets[50]);
});

test('damage in a segment that is not the last is corruption', async (t) => {
  const dir = tempDir(t);
  await writeJournal(dir, COMMANDS, 7, 1000);
  const first = listSegments(dir)[0].path;
  truncateSync(first, statSync(first).size - 2);
  assert.throws(() => readAll(dir), (err: unknown) => err instanceof JournalCorruptError && err.file === first);
});

test('a record whose seq breaks the sequence is corruption', async (t) => {
  const dir = tempDir(t);
  const writer = await JournalWriter.open({ dir, tail: null, nextSeq: 1, fsync: false });
  const w = new ByteWriter();
  appendRecord(w, 1, COMMANDS[0]);
  appendRecord(w, 3, COMMANDS[1]);
  await writer.append(w.buf, w.pos, 3);
  await writer.close();
  assert.throws(() => readAll(dir), /seq 3 where 2 was expected/);
});
