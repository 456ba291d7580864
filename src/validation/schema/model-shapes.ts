import { join } from 'node:path';
import { projectCacheDir, readJsonCache, sha256, sha256OfFiles, writeCacheFile } from '../../schema/cache-files';
import { DeclarationShapes, type Lazy, type Shape } from './declaration-shapes';

export type { Lazy, Shape } from './declaration-shapes';

/** A shape graph as JSON: node 0 is the kind's shape, references are node indexes. */
type StoredShape =
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, number>> }
  | { readonly kind: 'map'; readonly values: number }
  | { readonly kind: 'list'; readonly items: number }
  | { readonly kind: 'quantity' }
  | { readonly kind: 'leaf' };

const ROOT = join(__dirname, '..', '..', '..');
const CACHE_DIR = projectCacheDir('model-shapes');

/**
 * What a cached shape graph was made from besides its kind: this module and the one that parses
 * declarations (the algorithm), and package-lock.json (standing for the kubernetes-models
 * packages in node_modules, as in `src/schema/type-schema.ts`).
 */
function inputs(): string {
  return sha256OfFiles([join(__dirname, 'model-shapes.ts'), join(__dirname, 'declaration-shapes.ts'), join(ROOT, 'package-lock.json')]);
}

/**
 * The shapes of kubernetes-models kinds, read from the packages' `.d.ts` files by
 * {@link DeclarationShapes} (the TypeScript parser: about a second of loading and parsing per
 * process) the first time a kind is asked for on this clone, and kept as JSON in
 * `.cache/model-shapes/`, keyed by the kind, its declaration file and {@link inputs}: a later
 * process reads the same graph back without loading TypeScript.
 */
export class ModelShapes {
  private readonly kinds = new Map<string, Shape>();
  private parser: DeclarationShapes | undefined;

  /** The shape of the interface `I<Kind>` declared in `dtsPath` (`.../v1/Pod.d.ts`). */
  shapeOfKind(dtsPath: string, kind: string): Shape {
    const key = `${dtsPath}#${kind}`;
    let shape = this.kinds.get(key);
    if (!shape) {
      // By the path inside node_modules: package-lock.json (in inputs) pins what is there.
      const file = join(CACHE_DIR, `${sha256(JSON.stringify([inputs(), dtsPath.slice(dtsPath.lastIndexOf('node_modules')), kind]))}.json`);
      const stored = readJsonCache<StoredShape[]>(file);
      if (stored) {
        shape = fromStored(stored);
      } else {
        this.parser ??= new DeclarationShapes();
        shape = this.parser.shapeOfKind(dtsPath, kind);
        writeCacheFile(file, JSON.stringify(toStored(shape)));
      }
      this.kinds.set(key, shape);
    }
    return shape;
  }
}

/** Every shape reachable from `root`, each once (recursive types become cycles of indexes). */
function toStored(root: Shape): StoredShape[] {
  const index = new Map<Shape, number>();
  const stored: StoredShape[] = [];
  const queue: Shape[] = [];
  const ref = (shape: Shape): number => {
    let i = index.get(shape);
    if (i === undefined) {
      index.set(shape, (i = index.size));
      queue.push(shape);
    }
    return i;
  };
  ref(root);
  for (let i = 0; i < queue.length; i++) {
    const shape = queue[i];
    switch (shape.kind) {
      case 'object':
        stored[i] = { kind: 'object', fields: Object.fromEntries([...shape.fields].map(([name, field]) => [name, ref(field())])) };
        break;
      case 'map':
        stored[i] = { kind: 'map', values: ref(shape.values()) };
        break;
      case 'list':
        stored[i] = { kind: 'list', items: ref(shape.items()) };
        break;
      default:
        stored[i] = { kind: shape.kind };
    }
  }
  return stored;
}

/** The graph {@link toStored} wrote; node 0 is the root. */
function fromStored(stored: readonly StoredShape[]): Shape {
  const shapes: Shape[] = [];
  const at = (i: number): Lazy => () => shapes[i];
  for (const node of stored) {
    switch (node.kind) {
      case 'object':
        shapes.push({ kind: 'object', fields: new Map(Object.entries(node.fields).map(([name, i]) => [name, at(i)])) });
        break;
      case 'map':
        shapes.push({ kind: 'map', values: at(node.values) });
        break;
      case 'list':
        shapes.push({ kind: 'list', items: at(node.items) });
        break;
      default:
        shapes.push({ kind: node.kind });
    }
  }
  return shapes[0];
}
