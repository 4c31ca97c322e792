// Signed notes (golang.org/x/mod/sumdb/note), the format of the checksum database's tree heads:
//
//   <text, ending in "\n">
//   <blank line>
//   — <signer name> <base64(4-byte key hash || ed25519 signature)>
//   …
//
// A verifier key is "<name>+<8 hex digits key hash>+<base64(0x01 || 32-byte ed25519 key)>",
// the key hash being the first 4 bytes (big-endian) of sha256(name + "\n" + 0x01 + key).
// Signatures by unknown signers are ignored; the note is accepted only when the configured
// key has signed it, and a bad signature by that key rejects it outright.

import { type KeyObject, createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { GvxError, IntegrityError } from '../errors.js';

const ALG_ED25519 = 0x01;
/** "— " : U+2014 EM DASH and a space. */
const SIG_PREFIX = '\u2014 ';

export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: number;
  /** The key as written in GOSUMDB (for messages). */
  readonly text: string;
  verify(message: Buffer, signature: Buffer): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyHash: number;
  sign(message: Buffer): Buffer;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyHash: number;
  readonly signature: Buffer;
}

export interface ParsedNote {
  /** The signed text, including its final newline. */
  readonly text: string;
  readonly signatures: NoteSignature[];
}

export function keyHash(name: string, key: Buffer): number {
  return createHash('sha256').update(name).update('\n').update(key).digest().readUInt32BE(0);
}

/** Names: non-empty, no whitespace, no "+" (note.isValidName). */
function isValidSignerName(name: string): boolean {
  return name !== '' && !/[\s+]/u.test(name) && !name.includes('\ufffd');
}

function invalidKey(vkey: string, why: string): GvxError {
  return new GvxError('E_GOSUMDB_INVALID', `invalid checksum database key "${vkey}": ${why}`, {
    hint: 'GOSUMDB takes "sum.golang.org", or "<name>+<hash>+<key> [URL]" as published by the database operator',
  });
}

/** Parses "name+hash+base64key" into a verifier; throws E_GOSUMDB_INVALID (exit 2). */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const [name = '', hashText = '', keyText = ''] = splitTwice(vkey, '+');
  if (!isValidSignerName(name)) throw invalidKey(vkey, 'bad name');
  if (!/^[0-9a-f]{8}$/i.test(hashText)) throw invalidKey(vkey, 'the key hash must be 8 hex digits');
  const key = strictBase64(keyText);
  if (!key || key.length === 0) throw invalidKey(vkey, 'the key is not base64');
  if (parseInt(hashText, 16) !== keyHash(name, key)) throw invalidKey(vkey, 'the key hash does not match the name and key');
  if (key[0] !== ALG_ED25519) throw invalidKey(vkey, `unknown signature algorithm ${key[0]}`);
  if (key.length !== 33) throw invalidKey(vkey, 'an ed25519 key has 32 bytes');
  const publicKey = ed25519PublicKey(key.subarray(1));
  return {
    name,
    keyHash: keyHash(name, key),
    text: vkey,
    verify: (message, signature) => signature.length === 64 && verify(null, message, publicKey, signature),
  };
}

/** The verifier key text for an ed25519 public key (raw 32 bytes). */
function formatVerifierKey(name: string, publicKey: Buffer): string {
  const key = Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]);
  return `${name}+${keyHash(name, key).toString(16).padStart(8, '0')}+${key.toString('base64')}`;
}

/** A signer from a raw 32-byte ed25519 seed (used by the test database and by tests). */
export function newSigner(name: string, seed: Buffer): { signer: NoteSigner; verifierKey: string } {
  const privateKey = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: derivePublic(seed).toString('base64url') },
    format: 'jwk',
  });
  const publicRaw = derivePublic(seed);
  const key = Buffer.concat([Buffer.from([ALG_ED25519]), publicRaw]);
  return {
    signer: { name, keyHash: keyHash(name, key), sign: (message) => sign(null, message, privateKey) },
    verifierKey: formatVerifierKey(name, publicRaw),
  };
}

/** Appends signature lines to a note text (which must end in "\n"). */
export function signNote(text: string, ...signers: NoteSigner[]): string {
  if (!text.endsWith('\n')) throw new Error('note text must end in a newline');
  const lines = signers.map((s) => {
    const hash = Buffer.alloc(4);
    hash.writeUInt32BE(s.keyHash >>> 0, 0);
    const sig = Buffer.concat([hash, s.sign(Buffer.from(text, 'utf8'))]);
    return `${SIG_PREFIX}${s.name} ${sig.toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

function malformed(why: string): IntegrityError {
  return new IntegrityError('E_SUMDB_NOTE_MALFORMED', `the checksum database sent a malformed signed note (${why})`, {
    hint: 'the checksum database (or a proxy in front of it) is misbehaving; check GOSUMDB and GOPROXY',
  });
}

/** Splits a note into text and signatures, checking the format but no signature. */
export function parseNote(message: string): ParsedNote {
  if (/[\x00-\x09\x0b-\x1f\ufffd]/.test(message)) throw malformed('control characters or invalid UTF-8');
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const sigBlock = message.slice(split + 2);
  if (sigBlock === '' || !sigBlock.endsWith('\n')) throw malformed('no signatures');
  const signatures: NoteSignature[] = [];
  for (const line of sigBlock.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) throw malformed('a signature line does not start with "— "');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const b64 = space < 0 ? '' : rest.slice(space + 1);
    const sig = strictBase64(b64);
    if (!isValidSignerName(name) || !sig || sig.length < 5) throw malformed(`bad signature line for "${name}"`);
    signatures.push({ name, keyHash: sig.readUInt32BE(0), signature: sig.subarray(4) });
    if (signatures.length > 100) throw malformed('too many signatures');
  }
  return { text, signatures };
}

/**
 * Verifies that `verifier` signed the note and returns its text. Other signers are ignored;
 * no signature by this key, or an invalid one, is an IntegrityError.
 */
export function openNote(message: string, verifier: NoteVerifier): ParsedNote {
  const note = parseNote(message);
  const mine = note.signatures.filter((s) => s.name === verifier.name && s.keyHash === verifier.keyHash);
  if (mine.length === 0) {
    const others = note.signatures.map((s) => `${s.name}+${s.keyHash.toString(16).padStart(8, '0')}`).join(', ');
    throw new IntegrityError(
      'E_SUMDB_UNSIGNED',
      `the checksum database's tree head is not signed by the configured key ${verifier.name}+${verifier.keyHash.toString(16).padStart(8, '0')} (signed by: ${others})`,
      { hint: 'GOSUMDB names the wrong key, or the server is not the checksum database it claims to be; nothing was installed' },
    );
  }
  const text = Buffer.from(note.text, 'utf8');
  for (const s of mine) {
    if (!verifier.verify(text, s.signature)) {
      throw new IntegrityError('E_SUMDB_BAD_SIGNATURE', `invalid signature by ${verifier.name} on the checksum database's tree head`, {
        hint: 'the tree head was forged or corrupted (or GOSUMDB names the wrong key); nothing was installed',
      });
    }
  }
  return note;
}

function splitTwice(text: string, sep: string): [string, string, string] {
  const i = text.indexOf(sep);
  if (i < 0) return [text, '', ''];
  const j = text.indexOf(sep, i + 1);
  if (j < 0) return [text.slice(0, i), text.slice(i + 1), ''];
  return [text.slice(0, i), text.slice(i + 1, j), text.slice(j + 1)];
}

/** Standard padded base64 only (Buffer.from accepts garbage silently). */
function strictBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const data = Buffer.from(text, 'base64');
  return data.toString('base64') === text ? data : undefined;
}

function ed25519PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

function derivePublic(seed: Buffer): Buffer {
  const jwk = createPublicKey(
    createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }),
  ).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

/** DER prefix of a PKCS#8 ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
