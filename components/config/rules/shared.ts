/** What every rule module shares: the problem shape and guarded access to the raw, merged config. */

export interface RuleProblem {
    path: (string | number)[];
    message: string;
    /** Point at the key rather than the value. */
    key?: boolean;
}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
/** The string items of a list, with their indexes (the schema reports the others). */
export const strings = (v: unknown): { value: string; index: number }[] =>
    Array.isArray(v) ? v.flatMap((value, index) => (typeof value === "string" ? [{ value, index }] : [])) : [];
/** Whether a map defines `name` itself: "constructor" and "toString" are names, not inherited methods. */
export const has = (map: unknown, name: string): boolean => isObj(map) && Object.hasOwn(map, name);
