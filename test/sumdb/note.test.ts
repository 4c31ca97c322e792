import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { IntegrityError } from '../../lib/errors.js';
import { KNOWN_SUMDB_KEYS } from '../../lib/sumdb/config.js';
import { keyHash, newSigner, openNote, parseNote, parseVerifierKey, signNote } from '../../lib/sumdb/note.js';

// Published vectors of golang.org/x/mod/sumdb/note (its package documentation and tests).
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

function assertIntegrity(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof IntegrityError && e.code === code && e.exitCode === 5);
}

describe('sumdb/note', () => {
  it('parses the published verifier keys, and the key hash is sha256(name\\n 0x01 key)[:4]', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    assert.equal(peter.name, 'PeterNeumann');
    assert.equal(peter.keyHash, 0xc74f20a3);
    const sum = parseVerifierKey(KNOWN_SUMDB_KEYS['sum.golang.org']!);
    assert.equal(sum.name, 'sum.golang.org');
    assert.equal(sum.keyHash, 0x033de0ae);
    // Recompute by hand, independently of keyHash().
    const key = Buffer.from('Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', 'base64');
    const digest = createHash('sha256').update(Buffer.concat([Buffer.from('sum.golang.org\n'), key])).digest();
    assert.equal(digest.readUInt32BE(0), 0x033de0ae);
    assert.equal(keyHash('sum.golang.org', key), 0x033de0ae);
  });

  it('rejects mangled keys', () => {
    const bad = [
      PETER_VKEY.replace('c74f20a3', 'c74f20a4'), // wrong hash
      PETER_VKEY.replace('PeterNeumann', 'PeterNeumanm'), // name does not match the hash
      PETER_VKEY.slice(0, -1), // truncated key
      'PeterNeumann+c74f20a3', // no key
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      PETER_VKEY.replace('+ARpc', '+AhRpc'),
      '',
    ];
    for (const k of bad) assert.throws(() => parseVerifierKey(k), { code: 'E_GOSUMDB_INVALID', exitCode: 2 }, k);
  });

  it('signs exactly like x/mod (ed25519 is deterministic) and opens the published note', () => {
    const seed = Buffer.from(PETER_SKEY.split('+').slice(4).join('+'), 'base64').subarray(1);
    const { signer, verifierKey } = newSigner('PeterNeumann', seed);
    assert.equal(verifierKey, PETER_VKEY);
    assert.equal(signNote(TEXT, signer), PETER_NOTE);
    assert.equal(openNote(PETER_NOTE, parseVerifierKey(PETER_VKEY)).text, TEXT);
  });

  it('ignores unknown signers but requires the configured one', () => {
    const enoch = newSigner('EnochRoot', Buffer.alloc(32, 7));
    const both = `${PETER_NOTE}${signNote(TEXT, enoch.signer).slice(TEXT.length + 1)}`;
    assert.equal(parseNote(both).signatures.length, 2);
    assert.equal(openNote(both, parseVerifierKey(PETER_VKEY)).text, TEXT);
    assertIntegrity(() => openNote(PETER_NOTE, parseVerifierKey(ENOCH_VKEY)), 'E_SUMDB_UNSIGNED');
  });

  it('fails on a bad signature by the configured key, or on altered text', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    assertIntegrity(() => openNote(PETER_NOTE.replace('cryptography', 'cryptographY'), peter), 'E_SUMDB_BAD_SIGNATURE');
    const sig = PETER_NOTE.split(' ').pop()!.trim();
    const raw = Buffer.from(sig, 'base64');
    raw[20]! ^= 1;
    assertIntegrity(() => openNote(PETER_NOTE.replace(sig, raw.toString('base64')), peter), 'E_SUMDB_BAD_SIGNATURE');
    // Same name, another key: a different key hash, so not "the configured key".
    const impostor = newSigner('PeterNeumann', Buffer.alloc(32, 9));
    assertIntegrity(() => openNote(signNote(TEXT, impostor.signer), peter), 'E_SUMDB_UNSIGNED');
  });

  it('rejects malformed notes', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    for (const bad of [
      TEXT, // no signatures
      PETER_NOTE.replace('\u2014', '-'), // ASCII dash
      PETER_NOTE.slice(0, -1), // no final newline
      PETER_NOTE.replace('x08go', 'x08g!'),
      `${TEXT}\x01\n${PETER_NOTE.slice(TEXT.length)}`,
    ]) {
      assertIntegrity(() => openNote(bad, peter), 'E_SUMDB_NOTE_MALFORMED');
    }
  });
});
