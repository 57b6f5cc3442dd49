import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { parseStorageUrl, redactUrl } from './url.js';

describe('parseStorageUrl', () => {
  it('puts the embedded database in the data directory by default', () => {
    expect(parseStorageUrl('', '/var/lib/sakimori')).toEqual({ kind: 'sqlite', path: '/var/lib/sakimori/sakimori.db' });
    expect(parseStorageUrl('sqlite:', './data')).toEqual({ kind: 'sqlite', path: './data/sakimori.db' });
  });

  it('resolves relative SQLite paths under the data directory and keeps absolute ones', () => {
    expect(parseStorageUrl('sqlite:state/x.db', '/srv')).toEqual({ kind: 'sqlite', path: '/srv/state/x.db' });
    expect(parseStorageUrl('sqlite:/tmp/x.db', '/srv')).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
    expect(parseStorageUrl('sqlite::memory:', '/srv')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('accepts postgres:// and postgresql:// URLs as given', () => {
    expect(parseStorageUrl('postgres://u:p@db.example:5432/sakimori', '/srv')).toEqual({ kind: 'postgres', url: 'postgres://u:p@db.example:5432/sakimori' });
    expect(parseStorageUrl('postgresql://db/sakimori?options=-c%20search_path%3Dx', '/srv').kind).toBe('postgres');
  });

  it('refuses other schemes with a coded error that hides the password', () => {
    let caught: unknown;
    try {
      parseStorageUrl('mysql://root:hunter2@db/x', '/srv');
    } catch (e) {
      caught = e;
    }
    expect(isSakimoriError(caught, 'SAKIMORI_ERR_STORAGE_BAD_URL')).toBe(true);
    expect((caught as Error).message).not.toContain('hunter2');
    expect(() => parseStorageUrl('sqlite:///tmp/x.db', '/srv')).toThrow(/not sqlite:\/\//);
    expect(() => parseStorageUrl('postgres://', '/srv')).toThrow(/SAKIMORI_ERR_STORAGE_BAD_URL|no host|not a valid URL/);
  });
});

describe('redactUrl', () => {
  it('masks the password and keeps the rest', () => {
    expect(redactUrl('postgres://sakimori:s3cret@db:5432/prod')).toBe('postgres://sakimori:***@db:5432/prod');
    expect(redactUrl('postgres://db/prod?password=s3cret')).toBe('postgres://db/prod?password=***');
    expect(redactUrl('postgres://db/prod')).toBe('postgres://db/prod');
  });
});
