import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.js';

describe('configuration', () => {
  it('runs on embedded engines and simulates Hanoi when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      databaseUrl: undefined,
      mqttUrl: undefined,
      embeddedMqttPort: 1884,
      simulate: true,
      simScenario: 'city',
    });
  });

  it('plays a named scenario, and lists the scenarios when the name is unknown', () => {
    expect(loadConfig({ SIM_SCENARIO: 'ring2-crash' }).simScenario).toBe('ring2-crash');
    expect(() => loadConfig({ SIM_SCENARIO: 'ring3-crash' })).toThrow(/SIM_SCENARIO[\s\S]*city, ring2-crash/);
  });

  it('does not simulate on real services unless SIMULATE=1', () => {
    const real = { DATABASE_URL: 'postgres://u@db/x', MQTT_URL: 'mqtt://broker:1883' };
    expect(loadConfig(real).simulate).toBe(false);
    expect(loadConfig({ ...real, SIMULATE: '1' }).simulate).toBe(true);
  });

  it('names every invalid variable in one clear error', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(/PORT[\s\S]*DATABASE_URL/);
  });
});
