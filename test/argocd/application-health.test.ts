import { lauxlib, lua, lualib, to_jsstring, to_luastring, type LuaState } from 'fengari';
import { describe, expect, test } from 'vitest';
import { APPLICATION_HEALTH_KEY, ArgocdConfig, applicationHealthScript } from '../../src/argocd/argocd-config';
import { rayHealthCheckData } from '../../src/argocd/health-checks';
import { Chart, Testing } from 'cdk8s';

/**
 * Runs the script as Argo CD runs a health check: the object as the global `obj`, base library
 * only, the returned table read as {status, message}.
 */
function health(obj: unknown): { status: string; message: string } {
  const L = lauxlib.luaL_newstate();
  lauxlib.luaL_requiref(L, to_luastring('_G'), lualib.luaopen_base, 1);
  lua.lua_pop(L, 1);
  push(L, obj);
  lua.lua_setglobal(L, to_luastring('obj'));
  const script = applicationHealthScript();
  if (lauxlib.luaL_loadbuffer(L, to_luastring(script), null, to_luastring('application-health.lua')) !== lua.LUA_OK || lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
    throw new Error(to_jsstring(lua.lua_tostring(L, -1)));
  }
  const field = (name: string): string => {
    lua.lua_getfield(L, -1, to_luastring(name));
    const value = to_jsstring(lua.lua_tostring(L, -1));
    lua.lua_pop(L, 1);
    return value;
  };
  return { status: field('status'), message: field('message') };
}

/** Pushes JSON as Argo CD decodes it: maps become tables, lists 1-based sequences. */
function push(L: LuaState, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === 'string') lua.lua_pushstring(L, to_luastring(value));
  else if (typeof value === 'number') lua.lua_pushinteger(L, value);
  else if (typeof value === 'boolean') lua.lua_pushboolean(L, value);
  else {
    lua.lua_createtable(L, 0, 0);
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i + 1, v]) : Object.entries(value as object);
    for (const [key, item] of entries) {
      push(L, item);
      if (typeof key === 'number') lua.lua_rawseti(L, -2, key);
      else lua.lua_setfield(L, -2, to_luastring(key));
    }
  }
}

const app = (status?: object) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'local-ray-sandbox' }, status });

describe('Application health check (app of apps waves)', () => {
  test('a new child with no status yet holds the wave', () => {
    expect(health(app()).status).toBe('Progressing');
    expect(health(app({ sync: { status: 'Unknown' } })).status).toBe('Progressing');
    expect(health(app({ health: { status: '' } })).status).toBe('Progressing');
  });

  test("reports the child's own health once it has one", () => {
    for (const status of ['Healthy', 'Degraded', 'Progressing', 'Suspended', 'Missing']) {
      expect(health(app({ health: { status }, sync: { status: 'Synced' } }))).toEqual({ status, message: `Application is ${status}` });
    }
  });

  test('a sync in flight is Progressing even if the last health was Healthy', () => {
    const running = app({ health: { status: 'Healthy' }, operationState: { phase: 'Running', startedAt: '2026-11-23T10:00:00Z', operation: {} } });
    expect(health(running)).toEqual({ status: 'Progressing', message: 'Sync running' });
    const done = app({ health: { status: 'Healthy' }, operationState: { phase: 'Succeeded', startedAt: '2026-11-23T10:00:00Z', operation: {} } });
    expect(health(done).status).toBe('Healthy');
  });

  test('argocd-cm carries it next to the ray.io checks, never pruned or deleted by the root', () => {
    const chart = new Chart(Testing.app(), 'c');
    new ArgocdConfig(chart, 'cm');
    const [cm] = Testing.synth(chart);
    expect(Object.keys(cm.data).sort()).toEqual([APPLICATION_HEALTH_KEY, ...Object.keys(rayHealthCheckData())].sort());
    expect(cm.data[APPLICATION_HEALTH_KEY]).toBe(applicationHealthScript());
    expect(cm.metadata).toMatchObject({ name: 'argocd-cm', namespace: 'argocd' });
    expect(cm.metadata.annotations['argocd.argoproj.io/sync-options'].split(',')).toEqual(
      expect.arrayContaining(['ServerSideApply=true', 'Prune=false', 'Delete=false']),
    );
  });
});
