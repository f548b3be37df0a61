export { ByteReader, ByteWriter, CodecError } from './bytes.js';
export { decodeCommand, encodeCommand, TAGS } from './codec.js';
export { crc32 } from './crc32.js';
export { appendRecord, HEADER_BYTES, MAX_PAYLOAD } from './frame.js';
export { mkdirDurable, nodeIo, syncDir, type JournalIo } from './io.js';
export { readCommands, type CommandSink } from './replay.js';
export { JournalCorruptError, scanJournal, type RecordSink, type ScanResult, type TornTail } from './scan.js';
export { journalDir, listSegments, segmentPath, type Segment } from './segments.js';
export {
  encodeSnapshot,
  listSnapshots,
  loadSnapshot,
  pruneSnapshots,
  readSnapshotHeader,
  snapshotDir,
  SnapshotInvalidError,
  writeSnapshot,
  type LoadedSnapshot,
  type SnapshotFile,
  type SnapshotHeader,
} from './snapshots.js';
export {
  DEFAULT_SEGMENT_BYTES,
  JournalUnlinkedError,
  JournalWriter,
  syncJournalTail,
  type BatchTiming,
  type JournalWriterOptions,
} from './writer.js';
