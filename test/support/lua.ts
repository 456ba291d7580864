import { lauxlib, lua, lualib, to_jsstring, to_luastring, type LuaState } from 'fengari';

/** What an Argo CD health script returns. */
export interface HealthResult {
  readonly status: string;
  readonly message?: string;
}

/**
 * Runs a health script the way Argo CD v3.5.1 runs an argocd-cm health check (util/lua/lua.go):
 * the object as the global `obj`, the script's returned table read as {status, message}. Argo CD
 * opens base, table, package and a trimmed os; we open only base and table, which is all the
 * scripts may use. fengari is Lua 5.3; gopher-lua is 5.1 with float-only numbers that print
 * without ".0", so whole numbers go in as Lua integers to print the same.
 */
export function runHealthScript(script: string, obj: unknown, chunkName: string): HealthResult {
  const L = lauxlib.luaL_newstate();
  lauxlib.luaL_requiref(L, to_luastring('_G'), lualib.luaopen_base, 1);
  lauxlib.luaL_requiref(L, to_luastring('table'), lualib.luaopen_table, 1);
  lua.lua_pop(L, 2);
  pushValue(L, obj);
  lua.lua_setglobal(L, to_luastring('obj'));
  if (lauxlib.luaL_loadbuffer(L, to_luastring(script), null, to_luastring(chunkName)) !== lua.LUA_OK) {
    throw new Error(`${chunkName} does not compile: ${to_jsstring(lua.lua_tostring(L, -1))}`);
  }
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
    throw new Error(`${chunkName} raised: ${to_jsstring(lua.lua_tostring(L, -1))}`);
  }
  if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) {
    throw new Error(`${chunkName} returned no table`);
  }
  return { status: stringField(L, 'status', chunkName) ?? '', message: stringField(L, 'message', chunkName) };
}

function stringField(L: LuaState, name: string, chunkName: string): string | undefined {
  const type = lua.lua_getfield(L, -1, to_luastring(name));
  const value = type === lua.LUA_TNIL ? undefined : to_jsstring(lua.lua_tostring(L, -1));
  if (type !== lua.LUA_TNIL && type !== lua.LUA_TSTRING) {
    throw new Error(`${chunkName} returned a non-string ${name}`);
  }
  lua.lua_pop(L, 1);
  return value;
}

/** Like Argo CD's decodeValue: maps become tables, lists 1-based sequences, null nil. */
function pushValue(L: LuaState, value: unknown): void {
  if (value === null || value === undefined) {
    lua.lua_pushnil(L);
  } else if (typeof value === 'boolean') {
    lua.lua_pushboolean(L, value);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value)) lua.lua_pushinteger(L, value);
    else lua.lua_pushnumber(L, value);
  } else if (typeof value === 'string') {
    lua.lua_pushstring(L, to_luastring(value));
  } else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, i) => {
      pushValue(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else {
    lua.lua_createtable(L, 0, 0);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      pushValue(L, item);
      lua.lua_setfield(L, -2, to_luastring(key));
    }
  }
}
