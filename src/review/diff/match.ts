import { SourcedObject } from '../../k8s/manifests';
import { ObjectId, compareIds, describeId, idKey, objectId } from '../object-id';
import { fieldChanges } from './field-diff';

/**
 * How alike a removed and an added object of the same kind must be, apart from their names,
 * to be reported as one renamed object: the share of leaves that are equal.
 */
export const RENAME_SIMILARITY = 0.8;

/** The same object before and after (or a renamed one). */
export interface ObjectPair {
  readonly before: SourcedObject;
  readonly after: SourcedObject;
}

/** Objects of two versions of one environment, matched by identity. */
export interface Matching {
  readonly added: SourcedObject[];
  readonly removed: SourcedObject[];
  /** A removed and an added object of the same kind that differ little more than by name. */
  readonly renamed: ObjectPair[];
  /** Same identity on both sides, whether changed or not. */
  readonly kept: ObjectPair[];
}

/** Matches objects by kind, namespace and name, then pairs up renames; all lists in report order. */
export function matchObjects(before: readonly SourcedObject[], after: readonly SourcedObject[]): Matching {
  const old = byKey(before, 'base');
  const now = byKey(after, 'new');
  const kept = [...old.entries()].filter(([k]) => now.has(k)).map(([k, b]) => ({ before: b, after: now.get(k)! }));
  const removed = [...old.entries()].filter(([k]) => !now.has(k)).map(([, o]) => o);
  const added = [...now.entries()].filter(([k]) => !old.has(k)).map(([, o]) => o);
  const renamed = pairRenames(removed, added);
  const renamedBefore = new Set(renamed.map((r) => r.before));
  const renamedAfter = new Set(renamed.map((r) => r.after));
  return {
    added: sortObjects(added.filter((o) => !renamedAfter.has(o))),
    removed: sortObjects(removed.filter((o) => !renamedBefore.has(o))),
    renamed: renamed.sort((x, y) => compareIds(objectId(x.after.object), objectId(y.after.object))),
    kept: kept.sort((x, y) => compareIds(objectId(x.after.object), objectId(y.after.object))),
  };
}

function byKey(objects: readonly SourcedObject[], side: string): Map<string, SourcedObject> {
  const map = new Map<string, SourcedObject>();
  for (const o of objects) {
    const key = idKey(objectId(o.object));
    const other = map.get(key);
    if (other) throw new Error(`${side}: ${describeId(objectId(o.object))} is defined twice (${other.file}, ${o.file})`);
    map.set(key, o);
  }
  return map;
}

function sortObjects(objects: SourcedObject[]): SourcedObject[] {
  return objects.sort((a, b) => compareIds(objectId(a.object), objectId(b.object)));
}

/** The object without what a rename changes. */
export function withoutIdentity(obj: Record<string, any>): Record<string, any> {
  const { name: _name, namespace: _namespace, ...metadata } = obj.metadata ?? {};
  return { ...obj, metadata };
}

function leafCount(obj: Record<string, any>): number {
  return fieldChanges({}, obj).length;
}

/** Greedy pairing, most alike first; ties broken by identity so the result is stable. */
function pairRenames(removed: SourcedObject[], added: SourcedObject[]): ObjectPair[] {
  const sameKind = (a: ObjectId, b: ObjectId) => a.group === b.group && a.kind === b.kind;
  const candidates = removed.flatMap((r) =>
    added
      .filter((a) => sameKind(objectId(r.object), objectId(a.object)))
      .map((a) => {
        const x = withoutIdentity(r.object);
        const y = withoutIdentity(a.object);
        const total = Math.max(leafCount(x), leafCount(y), 1);
        const differing = fieldChanges(x, y).length;
        return { pair: { before: r, after: a }, similarity: Math.max(0, 1 - differing / total) };
      })
      .filter((c) => c.similarity >= RENAME_SIMILARITY),
  );
  candidates.sort(
    (x, y) =>
      y.similarity - x.similarity ||
      compareIds(objectId(x.pair.before.object), objectId(y.pair.before.object)) ||
      compareIds(objectId(x.pair.after.object), objectId(y.pair.after.object)),
  );
  const used = new Set<SourcedObject>();
  return candidates.flatMap(({ pair }) => {
    if (used.has(pair.before) || used.has(pair.after)) return [];
    used.add(pair.before).add(pair.after);
    return [pair];
  });
}
