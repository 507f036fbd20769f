import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';

describe('environment overrides', () => {
  it('SWAYBOT_HTTP_ALLOW adds to http.allowHosts (the default, or the file\'s list), never replaces it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'swaybot-config-'));
    expect(loadConfig({}, cwd).http.allowHosts).toEqual(['127.0.0.1:8787', 'localhost:8787']);
    expect(loadConfig({ SWAYBOT_HTTP_ALLOW: '127.0.0.1:9000, localhost:9000' }, cwd).http.allowHosts).toEqual([
      '127.0.0.1:8787',
      'localhost:8787',
      '127.0.0.1:9000',
      'localhost:9000',
    ]);
    const file = join(cwd, 'swaybot.config.yaml');
    writeFileSync(file, 'http:\n  allowHosts: [status.example.com]\n');
    expect(loadConfig({ SWAYBOT_CONFIG: file, SWAYBOT_HTTP_ALLOW: 'api.example.com:443' }, cwd).http.allowHosts).toEqual(['status.example.com', 'api.example.com:443']);
    expect(loadConfig({ SWAYBOT_CONFIG: file, SWAYBOT_HTTP_ALLOW: ' , ' }, cwd).http.allowHosts).toEqual(['status.example.com']);
  });
});
