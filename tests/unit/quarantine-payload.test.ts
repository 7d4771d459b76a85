import { describe, expect, it } from 'vitest';
import { encodePayload } from '../../server/src/modules/quarantine/quarantine.service.js';

describe('quarantined payloads', () => {
  it('keeps UTF-8 text as text, diacritics included', () => {
    expect(encodePayload(Buffer.from('{"ghi chú":"Cầu Giấy"'))).toEqual({
      payload: '{"ghi chú":"Cầu Giấy"',
      payloadEncoding: 'utf8',
    });
  });

  it('keeps binary payloads byte for byte as base64', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x41]);
    const kept = encodePayload(bytes);
    expect(kept.payloadEncoding).toBe('base64');
    expect(Buffer.from(kept.payload, 'base64')).toEqual(bytes);
  });
});
