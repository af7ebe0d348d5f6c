import { describe, expect, it } from 'vitest';
import { createLevelLogger, redactHeaders, redactText, redactUrl } from './logger.js';

describe('redaction', () => {
  it('replaces credential headers whole, whatever their case', () => {
    const out = redactHeaders({
      Authorization: 'Bearer secret-token',
      cookie: 'sid=abc',
      'set-cookie': 'sid=abc; HttpOnly',
      'x-api-key': 'tp_live_123',
      'X-Cart-Token': 'tpc_secret',
      'x-order-token': 'tpo_secret',
      accept: 'application/json',
    });
    expect(out).toEqual({
      Authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      'set-cookie': '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'X-Cart-Token': '[REDACTED]',
      'x-order-token': '[REDACTED]',
      accept: 'application/json',
    });
  });

  it('scrubs API keys and bearer tokens from free text and URLs', () => {
    expect(redactText('key tp_live_abc123 and Bearer eyJhbGci.x.y')).toBe(
      'key tp_[REDACTED] and Bearer [REDACTED]',
    );
    // Guest tokens in an answer's body (`cart_token`, `order_token`), as a debug log prints it.
    expect(redactText('{"cart_token":"tpc_Ab3-_x","order_token":"tpo_Zz9"}')).toBe(
      '{"cart_token":"tpc_[REDACTED]","order_token":"tpo_[REDACTED]"}',
    );
    const url = redactUrl('http://user:pw@127.0.0.1:7400/v1/x?token=abc&limit=5');
    expect(url).not.toContain('abc');
    expect(url).not.toContain('pw');
    expect(url).toContain('limit=5');
  });
});

describe('createLevelLogger', () => {
  it('drops messages below the level', () => {
    const seen: string[] = [];
    const sink = {
      debug: (m: string) => seen.push(`d:${m}`),
      info: (m: string) => seen.push(`i:${m}`),
      warn: (m: string) => seen.push(`w:${m}`),
      error: (m: string) => seen.push(`e:${m}`),
    };
    const logger = createLevelLogger('warn', sink);
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(seen).toEqual(['w:c', 'e:d']);
    const off = createLevelLogger('off', sink);
    off.error('x');
    expect(seen).toHaveLength(2);
  });
});
