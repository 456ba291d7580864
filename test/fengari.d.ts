// The part of fengari's (untyped) C-like Lua API that test/argocd/health-checks.test.ts uses.
declare module 'fengari' {
  /** A Lua state (lua_State*). */
  export type LuaState = { readonly __luaState: unique symbol };
  /** fengari passes Lua strings as byte arrays. */
  export type LuaString = Uint8Array;
  export type LuaCFunction = (L: LuaState) => number;

  export const lua: {
    readonly LUA_OK: number;
    readonly LUA_TTABLE: number;
    readonly LUA_TSTRING: number;
    readonly LUA_TNIL: number;
    lua_pushnil(L: LuaState): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushstring(L: LuaState, s: LuaString): void;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_rawseti(L: LuaState, index: number, i: number): void;
    lua_setfield(L: LuaState, index: number, k: LuaString): void;
    lua_setglobal(L: LuaState, name: LuaString): void;
    lua_getfield(L: LuaState, index: number, k: LuaString): number;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_pop(L: LuaState, n: number): void;
    lua_type(L: LuaState, index: number): number;
    lua_tostring(L: LuaState, index: number): LuaString;
  };

  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_requiref(L: LuaState, modname: LuaString, openf: LuaCFunction, glb: number): void;
    luaL_loadbuffer(L: LuaState, buff: LuaString, size: number | null, name: LuaString): number;
  };

  export const lualib: {
    luaopen_base: LuaCFunction;
    luaopen_table: LuaCFunction;
  };

  export function to_luastring(s: string): LuaString;
  export function to_jsstring(s: LuaString): string;
}
