// GOSUMDB, parsed as the go command parses it (cmd/go/internal/modfetch/sumdb.go dbDial):
//   "sum.golang.org"              the known database and its published key
//   "sum.golang.google.cn"        the same database and key, reached at https://sum.golang.google.cn
//   "<name>+<hash>+<key>"         any database, reached at https://<name> (or through GOPROXY)
//   "<name>+<hash>+<key> <URL>"   any database at an explicit URL (bypassing GOPROXY)
//   "off"                         refused: the go command never skips the database for
//                                 golang.org/toolchain, and neither does gvx.

import { GvxError, IntegrityError } from '../errors.js';
import { type GoEnvOptions, type GoEnvValue, readGoSetting } from '../goenv/go-env-file.js';
import { type NoteVerifier, parseVerifierKey } from './note.js';

/** From cmd/go/internal/modfetch/key.go (knownGOSUMDB). */
export const KNOWN_SUMDB_KEYS: Readonly<Record<string, string>> = {
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
};

const DEFAULT_GOSUMDB = 'sum.golang.org';
const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

export interface SumdbConfig {
  /** The database's name, as it signs tree heads ("sum.golang.org"). */
  readonly name: string;
  readonly verifier: NoteVerifier;
  /** An explicit URL from GOSUMDB: used as is, GOPROXY is not asked. */
  readonly url?: string;
  /** https://<name>: where the database is when no proxy serves it. */
  readonly directUrl: string;
  /** The GOSUMDB text it came from, for messages. */
  readonly gosumdb: string;
}

function invalid(gosumdb: string, why: string): GvxError {
  return new GvxError('E_GOSUMDB_INVALID', `invalid GOSUMDB "${gosumdb}": ${why}`, {
    hint: 'unset GOSUMDB to use sum.golang.org, or set it to "<name>+<hash>+<key> [URL]"',
  });
}

export function parseGosumdb(gosumdb: string): SumdbConfig {
  let text = gosumdb.trim();
  if (text === 'off') {
    throw new IntegrityError(
      'E_GOSUMDB_OFF',
      'GOSUMDB=off: toolchain modules are only installed when the checksum database vouches for them',
      {
        hint: 'the go command refuses golang.org/toolchain without the checksum database too; unset GOSUMDB, or set it to your database ("<name>+<hash>+<key> [URL]")',
      },
    );
  }
  if (text === 'sum.golang.google.cn') text = 'sum.golang.org https://sum.golang.google.cn';
  const fields = text.split(/\s+/).filter(Boolean);
  if (fields.length === 0) throw invalid(gosumdb, 'empty');
  if (fields.length > 2) throw invalid(gosumdb, 'too many fields');
  const vkey = KNOWN_SUMDB_KEYS[fields[0]!] ?? fields[0]!;
  if (!vkey.includes('+')) throw invalid(gosumdb, `"${fields[0]}" is not a known checksum database; give its key as <name>+<hash>+<key>`);
  const verifier = parseVerifierKey(vkey);
  const name = verifier.name;
  // "No funny business in the database name": host[/path], nothing else.
  let direct: URL;
  try {
    direct = new URL(`https://${name}`);
  } catch {
    throw invalid(gosumdb, `database name ${name} is not host[/path]`);
  }
  if (name.endsWith('/') || direct.search || direct.hash || direct.username || direct.host === '' || `${direct.host}${direct.pathname === '/' ? '' : direct.pathname}` !== name.toLowerCase()) {
    throw invalid(gosumdb, `database name ${name} is not host[/path]`);
  }
  let url: string | undefined;
  if (fields[1] !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(fields[1]);
    } catch {
      throw invalid(gosumdb, `${fields[1]} is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid(gosumdb, `${fields[1]} is not an http(s) URL`);
    url = fields[1].replace(/\/+$/, '');
  }
  return { name, verifier, url, directUrl: `https://${name}`, gosumdb };
}

export interface GoNetworkSettings {
  readonly gosumdb: GoEnvValue | { value: string; source: 'default' };
  readonly goproxy: GoEnvValue | { value: string; source: 'default' };
}

/** GOSUMDB and GOPROXY as the go command would see them (environment, go env -w file, GOROOT/go.env). */
export function readGoNetworkSettings(options: GoEnvOptions): GoNetworkSettings {
  return {
    gosumdb: readGoSetting('GOSUMDB', options) ?? { value: DEFAULT_GOSUMDB, source: 'default' },
    goproxy: readGoSetting('GOPROXY', options) ?? { value: DEFAULT_GOPROXY, source: 'default' },
  };
}
