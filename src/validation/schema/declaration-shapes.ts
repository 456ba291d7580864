import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type ts from 'typescript';

/**
 * Which fields an object may have, as the type declarations of a kubernetes-models package
 * describe it. The strict pass needs only this: types, enums, required fields and formats are
 * checked by the package's own `.validate()`.
 */
export type Shape =
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, Lazy> }
  | { readonly kind: 'map'; readonly values: Lazy }
  | { readonly kind: 'list'; readonly items: Lazy }
  | { readonly kind: 'quantity' }
  /** A scalar, or a union too loose to say more (`.validate()` checks it). */
  | { readonly kind: 'leaf' };

/** Resolved on first use: Kubernetes types are recursive (JSONSchemaProps) and large. */
export type Lazy = () => Shape;

const LEAF: Shape = { kind: 'leaf' };
const QUANTITY: Shape = { kind: 'quantity' };
/** The exported name kubernetes-models gives `resource.Quantity` (`number | string`). */
const QUANTITY_TYPE = 'IIoK8sApimachineryPkgApiResourceQuantity';

interface ParsedFile {
  readonly path: string;
  readonly source: ts.SourceFile;
  /** Local declarations by name: interfaces and type aliases. */
  readonly declarations: ReadonlyMap<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;
  /** Names usable in this file: exported aliases and imports, to the file and local name. */
  readonly names: ReadonlyMap<string, { readonly from: string; readonly name: string }>;
}

/**
 * Reads object shapes from kubernetes-models' `.d.ts` files with the TypeScript parser, loaded
 * when the first instance is made (`ModelShapes` makes one only when its cache has no shape for
 * a kind).
 *
 * kubernetes-models ships its JSON schemas only as precompiled ajv code (`_schemas/*.js`),
 * which ignores unknown fields and cannot be recompiled with `additionalProperties: false`.
 * Its declarations, generated from the same OpenAPI document in the same release, list every
 * field of every type, so they are the schema for the strict pass. Files are parsed
 * syntactically (no type checker), once each, when a kind first needs them.
 */
export class DeclarationShapes {
  /** The TypeScript compiler module (about a second to load), loaded with the first instance. */
  private readonly ts = require('typescript') as typeof ts;
  private readonly files = new Map<string, ParsedFile>();
  private readonly shapes = new Map<string, Shape>();

  /** The shape of the interface `I<Kind>` declared in `dtsPath` (`.../v1/Pod.d.ts`). */
  shapeOfKind(dtsPath: string, kind: string): Shape {
    return this.shapeOfName(this.parse(dtsPath), `I${kind}`);
  }

  private shapeOfName(file: ParsedFile, name: string): Shape {
    const key = `${file.path}#${name}`;
    let shape = this.shapes.get(key);
    if (shape) return shape;
    const target = file.names.get(name);
    if (target && target.from !== file.path) return this.shapeOfName(this.parse(target.from), target.name);
    if (name === QUANTITY_TYPE || target?.name === QUANTITY_TYPE) return QUANTITY;
    const declaration = file.declarations.get(target?.name ?? name);
    if (!declaration) return LEAF; // a name from @kubernetes-models/base (TypeMeta): scalars
    shape = this.ts.isInterfaceDeclaration(declaration)
      ? this.objectShape(file, declaration.members)
      : this.shapeOfType(file, declaration.type);
    this.shapes.set(key, shape);
    return shape;
  }

  private shapeOfType(file: ParsedFile, node: ts.TypeNode): Shape {
    if (this.ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(file.source);
      if (name === 'Array' && node.typeArguments?.length === 1) {
        const items = node.typeArguments[0];
        return { kind: 'list', items: this.lazy(file, items) };
      }
      if (name === QUANTITY_TYPE) return QUANTITY;
      return this.shapeOfName(file, name);
    }
    if (this.ts.isArrayTypeNode(node)) return { kind: 'list', items: this.lazy(file, node.elementType) };
    if (this.ts.isTypeLiteralNode(node)) {
      const index = node.members.find(this.ts.isIndexSignatureDeclaration);
      if (index) return { kind: 'map', values: this.lazy(file, index.type) };
      return this.objectShape(file, node.members);
    }
    if (this.ts.isParenthesizedTypeNode(node)) return this.shapeOfType(file, node.type);
    return LEAF;
  }

  private objectShape(file: ParsedFile, members: ts.NodeArray<ts.TypeElement>): Shape {
    const fields = new Map<string, Lazy>();
    for (const member of members) {
      // Generated declarations name every field as an identifier or a string literal.
      if (!this.ts.isPropertySignature(member) || !member.type || !(this.ts.isStringLiteral(member.name) || this.ts.isIdentifier(member.name))) continue;
      fields.set(member.name.text, this.lazy(file, member.type));
    }
    return { kind: 'object', fields };
  }

  /** The shape of a type node, worked out when first asked for and kept. */
  private lazy(file: ParsedFile, node: ts.TypeNode): Lazy {
    let cached: Shape | undefined;
    return () => (cached ??= this.shapeOfType(file, node));
  }

  private parse(path: string): ParsedFile {
    let file = this.files.get(path);
    if (file) return file;
    const source = this.ts.createSourceFile(path, readFileSync(path, 'utf8'), this.ts.ScriptTarget.ES2022, false);
    const declarations = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
    const names = new Map<string, { from: string; name: string }>();
    for (const statement of source.statements) {
      if (this.ts.isInterfaceDeclaration(statement) || this.ts.isTypeAliasDeclaration(statement)) {
        declarations.set(statement.name.text, statement);
      } else if (this.ts.isImportDeclaration(statement) && statement.importClause?.namedBindings) {
        const from = resolveDeclarationFile(path, (statement.moduleSpecifier as ts.StringLiteral).text);
        const bindings = statement.importClause.namedBindings;
        if (from && this.ts.isNamedImports(bindings)) {
          for (const e of bindings.elements) names.set(e.name.text, { from, name: (e.propertyName ?? e.name).text });
        }
      } else if (this.ts.isExportDeclaration(statement) && statement.exportClause && this.ts.isNamedExports(statement.exportClause)) {
        for (const e of statement.exportClause.elements) {
          if (e.propertyName) names.set(e.name.text, { from: path, name: e.propertyName.text });
        }
      }
    }
    file = { path, source, declarations, names };
    this.files.set(path, file);
    return file;
  }
}

/** The `.d.ts` behind an import specifier, or `undefined` for packages without one we read. */
function resolveDeclarationFile(fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return `${resolve(dirname(fromFile), specifier)}.d.ts`;
  if (specifier.startsWith('@kubernetes-models/base')) return undefined;
  try {
    return require.resolve(specifier, { paths: [dirname(fromFile)] }).replace(/\.js$/, '.d.ts');
  } catch {
    return undefined;
  }
}
