/**
 * The trader commands' access-token cache: the SDK's TokenStore over one
 * file per server URL and API key, so that a run of commands asks
 * `POST /v2/authentication` once per token lifetime (the server allows 5
 * token requests a minute per key) instead of once per command.
 *
 * Directory: OPENMART_CACHE_DIR, else $XDG_CACHE_HOME/openmart, else
 * ~/.cache/openmart (created 0700). File: sha256(url + "\n" + api_key) in
 * hex + ".json" (neither the key nor the secret in the name), holding
 * `{"access_token": "...", "expires_at": <ms>}` and nothing else, mode 0600,
 * written to a temporary file (0600, O_EXCL) and renamed over the old one.
 * OPENMART_TOKEN_CACHE=off (or 0, false, no) turns the cache off.
 *
 * A file is trusted only when it is a regular file (not followed through a
 * symlink), owned by the current user, with no group/other permission bits,
 * small, and holding exactly those two well-formed fields; anything else is
 * ignored and replaced by the next token. A directory that belongs to
 * someone else or that others may write to is not used at all.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StoredToken, TokenStore } from '@openmart/sdk';

/** A token file is a few hundred bytes; anything bigger is not ours. */
const MAX_FILE_BYTES = 4096;

export interface TokenCacheOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Home directory (default os.homedir()). */
  readonly home?: string;
  readonly platform?: NodeJS.Platform;
  /** The user id files must belong to (default process.getuid()). */
  readonly uid?: number;
  /** Told (once) why the cache is not used, when its directory is not safe. */
  readonly warn?: (message: string) => void;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** False when OPENMART_TOKEN_CACHE says off (off, 0, false, no). */
export function tokenCacheEnabled(env: NodeJS.ProcessEnv): boolean {
  const v = nonEmpty(env.OPENMART_TOKEN_CACHE)?.toLowerCase();
  return v === undefined || !['off', '0', 'false', 'no'].includes(v);
}

/** OPENMART_CACHE_DIR, else $XDG_CACHE_HOME/openmart, else ~/.cache/openmart. */
export function tokenCacheDir(env: NodeJS.ProcessEnv, home: string): string {
  const explicit = nonEmpty(env.OPENMART_CACHE_DIR);
  if (explicit !== undefined) return explicit;
  return join(nonEmpty(env.XDG_CACHE_HOME) ?? join(home, '.cache'), 'openmart');
}

/** The cache file's name: sha256 of url + "\n" + api key, in hex. */
export function tokenCacheFileName(url: string, apiKey: string): string {
  return `${createHash('sha256').update(`${url}\n${apiKey}`).digest('hex')}.json`;
}

/** What the file may hold: exactly a non-empty token and a finite expiry. */
function parseEntry(text: string): StoredToken | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const obj = data as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  if (keys.length !== 2 || keys[0] !== 'access_token' || keys[1] !== 'expires_at') return undefined;
  const { access_token: token, expires_at: expiresAt } = obj;
  if (typeof token !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(token)) return undefined;
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt)) return undefined;
  return { accessToken: token, expiresAt };
}

/**
 * The token file of `url` + `apiKey`, or undefined when the cache is off or
 * its directory cannot be used safely (then every command gets its own token).
 */
export function fileTokenStore(url: string, apiKey: string, options: TokenCacheOptions): TokenStore | undefined {
  const { env } = options;
  if (!tokenCacheEnabled(env)) return undefined;
  const platform = options.platform ?? process.platform;
  // Windows: no POSIX owner or mode bits (files under the profile are the user's by ACL).
  const posix = platform !== 'win32';
  const uid = options.uid ?? (typeof process.getuid === 'function' ? process.getuid() : undefined);
  const dir = tokenCacheDir(env, options.home ?? homedir());
  const path = join(dir, tokenCacheFileName(url, apiKey));

  let dirOk: boolean | undefined;
  const unsafe = (why: string): false => {
    options.warn?.(`not caching the access token: ${why} (see OPENMART_CACHE_DIR, OPENMART_TOKEN_CACHE in docs/cli.md)`);
    return false;
  };
  /** The directory, created 0700 if missing; false when it is not safe to use. */
  const checkDir = (): boolean => {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const st = statSync(dir);
      if (!st.isDirectory()) return unsafe(`${dir} is not a directory`);
      if (posix && uid !== undefined && st.uid !== uid) return unsafe(`${dir} belongs to another user`);
      // Others must not be able to swap files in it (sticky dirs such as /tmp neither).
      if (posix && (st.mode & 0o022) !== 0) {
        return unsafe(`${dir} is writable by other users (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); run: chmod 700 ${dir}`);
      }
      return true;
    } catch (err) {
      return unsafe(`cannot create ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const ensureDir = (): boolean => (dirOk ??= checkDir());

  /** The entry, if the file is one we wrote: regular, ours, 0600 or stricter, well formed. */
  const read = (): StoredToken | undefined => {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | (posix ? constants.O_NOFOLLOW : 0) | (posix ? constants.O_NONBLOCK : 0));
    } catch {
      return undefined;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
      if (posix && uid !== undefined && st.uid !== uid) return undefined;
      if (posix && (st.mode & 0o077) !== 0) return undefined;
      const buf = Buffer.alloc(MAX_FILE_BYTES + 1);
      let n = 0;
      for (;;) {
        const got = readSync(fd, buf, n, buf.length - n, null);
        if (got === 0) break;
        n += got;
        if (n > MAX_FILE_BYTES) return undefined;
      }
      return parseEntry(buf.subarray(0, n).toString('utf8'));
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  };

  const remove = (): void => {
    try {
      unlinkSync(path);
    } catch {
      // Already gone, or not ours to remove: the next write replaces it.
    }
  };

  return {
    get: () => (ensureDir() ? read() : undefined),
    set: (token: StoredToken) => {
      if (!ensureDir()) return;
      const text = JSON.stringify({ access_token: token.accessToken, expires_at: Math.floor(token.expiresAt) });
      const tmp = join(dir, `.${tokenCacheFileName(url, apiKey)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      let fd: number | undefined;
      try {
        // O_EXCL: a fresh file of our own (never an existing file or a symlink's target), 0600 from the start.
        fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (posix ? constants.O_NOFOLLOW : 0), 0o600);
        const data = Buffer.from(text, 'utf8');
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off);
        closeSync(fd);
        fd = undefined;
        // Atomic: readers see the old file or the new one, never half of one.
        renameSync(tmp, path);
      } catch {
        if (fd !== undefined) closeSync(fd);
        try {
          unlinkSync(tmp);
        } catch {
          // Never created.
        }
      }
    },
    clear: (accessToken: string) => {
      if (!ensureDir()) return;
      const entry = read();
      // Another command may have stored a newer token meanwhile: keep that one.
      if (entry === undefined || entry.accessToken === accessToken) remove();
    },
  };
}
