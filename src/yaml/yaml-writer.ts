import { Document, Scalar, parse, visit } from 'yaml';

/**
 * Plain scalars that some YAML reader does not read as the string written: YAML 1.1 (PyYAML,
 * which `serve run` uses; go-yaml v2, which sigs.k8s.io/yaml and so KubeRay and the API
 * server use) reads `on`, `yes`, `n`, `0x10`, `012`, `1:20`, `1_000`, `2001-12-14` as booleans,
 * numbers or dates; YAML 1.2 reads `0o12` as a number; both read `~` and `null` as null. Only
 * strings that start like a number, a date or one of those words are worth parsing.
 */
const MAYBE_NOT_A_STRING = /^(?:[-+.~0-9]|(?:y|yes|n|no|true|false|on|off|null)$)/i;

/** Nothing reads as null; `<<` is a merge key and `=` a value key in YAML 1.1 (PyYAML fails on them). */
const ALWAYS_QUOTED = new Set(['', '<<', '=']);

/** Answers of {@link readsAsNonString} for texts that needed parsing (quantities, versions, ... repeat). */
const parsedAnswers = new Map<string, boolean>();

/** Whether `text` written as a plain scalar would read back as something else under YAML 1.1 or 1.2. */
export function readsAsNonString(text: string): boolean {
  if (ALWAYS_QUOTED.has(text)) return true;
  // Several lines are written as a block scalar (`|`), which is always a string.
  if (text.includes('\n') || !MAYBE_NOT_A_STRING.test(text)) return false;
  let answer = parsedAnswers.get(text);
  if (answer === undefined) {
    answer = (['1.1', '1.2'] as const).some((version) => {
      try {
        return parse(text, { version }) !== text;
      } catch {
        return true;
      }
    });
    parsedAnswers.set(text, answer);
  }
  return answer;
}

/**
 * The one YAML writer for everything this project emits (manifests, the `serveConfigV2` and
 * `runtimeEnvYAML` strings inside them, Argo resource-template manifests, Serve config files):
 * a string that would read back as anything else under YAML 1.1 or 1.2 is double-quoted, so
 * every reader sees the same strings; no line folding; fields whose value is `undefined` left out, as in JSON.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.2' });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value === 'string' && readsAsNonString(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Several documents as one multi-document YAML file (`---` between them), as `kubectl apply -f` reads. */
export function toYamlDocuments(values: readonly unknown[]): string {
  return values.map((v) => (v === undefined ? '\n' : toYaml(v))).join('---\n');
}
