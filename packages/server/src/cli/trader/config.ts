/**
 * Where the trader commands find the server and the API key.
 *
 * URL: --url, else OPENMART_URL, else the config file's `url`, else
 * http://127.0.0.1:8080.
 * Credentials, as one set (never a key from one place and its secret from
 * another): OPENMART_API_KEY + OPENMART_API_SECRET (+ OPENMART_API_MEMO) when
 * OPENMART_API_KEY is set, else the config file's api_key, api_secret, memo.
 * Config file: --config FILE, else OPENMART_CONFIG, else
 * $XDG_CONFIG_HOME/openmart/config.json (default ~/.config/…); a file named
 * explicitly must exist, the default one may be missing.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { CliError } from '../output.js';

export const DEFAULT_TRADER_URL = 'http://127.0.0.1:8080';

export interface TraderSettings {
  readonly url: string;
  readonly apiKey?: string | undefined;
  readonly apiSecret?: string | undefined;
  readonly memo?: string | undefined;
  /** Where the credentials came from, for messages ('environment' or the file path). */
  readonly credentialsFrom?: string | undefined;
  /** Things to tell the user on stderr (never secrets). */
  readonly warnings: readonly string[];
}

export interface SettingsInput {
  readonly url?: string | undefined;
  readonly config?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Home directory (default os.homedir()). */
  readonly home?: string;
  readonly platform?: NodeJS.Platform;
}

interface FileConfig {
  readonly url?: string;
  readonly api_key?: string;
  readonly api_secret?: string;
  readonly memo?: string;
}

const FILE_KEYS = ['url', 'api_key', 'api_secret', 'memo'] as const;
/** The other fields of DATA_DIR/demo-credentials.json, which works as a config file as it is. */
const DEMO_FILE_KEYS = ['email', 'password', 'user_id'];

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

export function defaultConfigPath(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  return join(xdg ?? join(home, '.config'), 'openmart', 'config.json');
}

/** Reads the config file; undefined when the default file does not exist. */
function readConfig(path: string, explicit: boolean, platform: NodeJS.Platform, warnings: string[]): FileConfig | undefined {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return undefined;
    throw new CliError(`cannot read the config file ${path} (${code ?? 'error'})`, EXIT.usage);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file, which may hold the secret.
    throw new CliError(`the config file ${path} is not valid JSON`, EXIT.usage);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new CliError(`the config file ${path} must hold a JSON object with url, api_key, api_secret, memo`, EXIT.usage);
  }
  const obj = data as Record<string, unknown>;
  for (const k of FILE_KEYS) {
    if (obj[k] !== undefined && typeof obj[k] !== 'string') throw new CliError(`${k} in the config file ${path} must be a string`, EXIT.usage);
  }
  const unknown = Object.keys(obj).filter((k) => !(FILE_KEYS as readonly string[]).includes(k) && !DEMO_FILE_KEYS.includes(k));
  if (unknown.length > 0) warnings.push(`ignoring unknown keys in ${path}: ${unknown.join(', ')}`);
  if (platform !== 'win32' && (mode & 0o077) !== 0 && typeof obj.api_secret === 'string') {
    warnings.push(`${path} is readable by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run: chmod 600 ${path}`);
  }
  return obj as FileConfig;
}

export function resolveSettings(input: SettingsInput): TraderSettings {
  const { env } = input;
  const warnings: string[] = [];
  const explicitPath = nonEmpty(input.config) ?? nonEmpty(env.OPENMART_CONFIG);
  const path = explicitPath ?? defaultConfigPath(env, input.home ?? homedir());
  const file = readConfig(path, explicitPath !== undefined, input.platform ?? process.platform, warnings);

  const url = (nonEmpty(input.url) ?? nonEmpty(env.OPENMART_URL) ?? nonEmpty(file?.url) ?? DEFAULT_TRADER_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]/.test(url)) throw new CliError(`the server URL must start with http:// or https://, got ${JSON.stringify(url)}`, EXIT.usage);

  const envKey = nonEmpty(env.OPENMART_API_KEY);
  if (envKey !== undefined) {
    return {
      url,
      apiKey: envKey,
      apiSecret: nonEmpty(env.OPENMART_API_SECRET),
      memo: env.OPENMART_API_MEMO ?? env.OPENMART_MEMO,
      credentialsFrom: 'the environment (OPENMART_API_KEY)',
      warnings,
    };
  }
  if (file !== undefined && nonEmpty(file.api_key) !== undefined) {
    return { url, apiKey: nonEmpty(file.api_key), apiSecret: nonEmpty(file.api_secret), memo: file.memo, credentialsFrom: path, warnings };
  }
  return { url, warnings };
}

/** The settings' credentials, or a usage error that says where to put them. */
export function requireCredentials(s: TraderSettings): { apiKey: string; apiSecret: string; memo: string | undefined } {
  if (s.apiKey === undefined) {
    throw new CliError(
      'no API key: set OPENMART_API_KEY, OPENMART_API_SECRET and OPENMART_API_MEMO, or put api_key, api_secret and memo in ~/.config/openmart/config.json (or --config FILE)',
      EXIT.usage,
    );
  }
  if (s.apiSecret === undefined) throw new CliError(`an API key but no API secret in ${s.credentialsFrom ?? 'the settings'}`, EXIT.usage);
  return { apiKey: s.apiKey, apiSecret: s.apiSecret, memo: s.memo };
}
