import { ConfigError, loadConfig } from '../../infra/config';

describe('configuration', () => {
  it('runs on embedded defaults with no variable set', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SMTP_URL).toBeUndefined();
    expect(config).toMatchObject({
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'ctg',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      PORT: 3000,
      HOST: '127.0.0.1',
    });
  });

  it('listens on this machine only by default, and its links follow PORT', () => {
    const config = loadConfig({ PORT: '4100' });
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.PUBLIC_BASE_URL).toBe('http://localhost:4100');
    expect(loadConfig({ PORT: '4100', PUBLIC_BASE_URL: 'https://ctg.example.org' }).PUBLIC_BASE_URL).toBe('https://ctg.example.org');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('treats empty values as unset and trims the public URL', () => {
    const config = loadConfig({ SMTP_URL: '', DATABASE_URL: '', PUBLIC_BASE_URL: 'https://ctg.example.org/' });
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PUBLIC_BASE_URL).toBe('https://ctg.example.org');
  });

  it('names every bad variable and the reason, in French', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', SMTP_URL: 'http://mail', TEMPORAL_ADDRESS: 'temporal', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ADMIN_EMAIL: 'admin' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { issues, message } = error as ConfigError;
    expect(issues.map((i) => i.variable).sort()).toEqual(['ADMIN_EMAIL', 'DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SMTP_URL', 'TEMPORAL_ADDRESS']);
    expect(message).toContain('ADMIN_EMAIL : attendu une adresse électronique');
    expect(message).toContain('PORT : attendu un numéro de port');
    expect(message).toContain('SMTP_URL : doit commencer par smtp:// ou smtps://');
    expect(message).toContain('TEMPORAL_ADDRESS : attendu sous la forme hôte:port');
  });
});

describe('trust proxy', () => {
  it('trusts no proxy unless told, and takes what Express takes', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).TRUST_PROXY).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.2' }).TRUST_PROXY).toBe('10.0.0.0/8, 192.168.1.2');
    expect(() => loadConfig({ TRUST_PROXY: 'tout le monde !' })).toThrow(/TRUST_PROXY/);
  });
});
