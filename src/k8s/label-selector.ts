/**
 * Kubernetes' label-selector parser (apimachinery `labels.Parse`: lexer, grammar, key and value
 * validation), which Argo Workflows v4.1.2 uses for a `resource` template's `successCondition`
 * and `failureCondition` (workflow/executor/resource.go), keys being gjson paths of the live object.
 */

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

type Token =
  | { kind: 'id'; text: string }
  | { kind: 'op'; text: '!' | '=' | '==' | '!=' | '>' | '<' | '(' | ')' | ',' }
  | { kind: 'end' };

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const OPERATOR_TOKENS = new Set(['!', '=', '==', '!=', '>', '<', '(', ')', ',']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/** apimachinery's Lexer: identifiers run until whitespace or a special symbol; symbols match greedily. */
function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (true) {
    while (pos < input.length && WHITESPACE.has(input[pos])) pos++;
    if (pos >= input.length) {
      tokens.push({ kind: 'end' });
      return tokens;
    }
    if (SPECIAL.has(input[pos])) {
      let text = '';
      let last: string | undefined;
      while (pos < input.length && SPECIAL.has(input[pos])) {
        text += input[pos];
        if (OPERATOR_TOKENS.has(text)) {
          last = text;
          pos++;
        } else if (last !== undefined) {
          break;
        } else {
          pos++;
        }
      }
      if (last === undefined) throw new Error(`error expected: keyword found '${text}'`);
      tokens.push({ kind: 'op', text: last as never });
      continue;
    }
    let text = '';
    while (pos < input.length && !SPECIAL.has(input[pos]) && !WHITESPACE.has(input[pos])) text += input[pos++];
    tokens.push({ kind: 'id', text });
  }
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsQualifiedName: `[prefix/]name`, name at most 63 characters. */
function checkKey(key: string): void {
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  const ok =
    parts.length <= 2 &&
    name.length <= 63 &&
    QUALIFIED_NAME.test(name) &&
    (parts.length === 1 || (parts[0].length <= 253 && DNS_SUBDOMAIN.test(parts[0])));
  if (!ok) throw new Error(`invalid key '${key}': not a qualified name`);
}

function checkValue(value: string): void {
  if (value.length > 63 || !LABEL_VALUE.test(value)) throw new Error(`invalid value '${value}': not a label value`);
}

/** `labels.Parse`: requirements sorted by key, or an error naming what was found. */
export function parseSelector(input: string): Requirement[] {
  const tokens = lex(input);
  let i = 0;
  // In value position `in`/`notin` are plain identifiers.
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const isWord = (t: Token, word: string) => t.kind === 'id' && t.text === word;
  const requirements: Requirement[] = [];
  if (peek().kind === 'end') return requirements;
  while (true) {
    let token = next();
    let negated = false;
    if (token.kind === 'op' && token.text === '!') {
      negated = true;
      token = next();
    }
    if (token.kind !== 'id') throw new Error(`found '${token.kind === 'op' ? token.text : ''}', expected: identifier`);
    const key = token.text;
    checkKey(key);
    const after = peek();
    const bare = after.kind === 'end' || (after.kind === 'op' && after.text === ',');
    if (negated || bare) {
      if (negated && !bare) throw new Error(`found unexpected token after '!${key}'`);
      requirements.push({ key, operator: negated ? '!' : 'exists', values: [] });
    } else {
      const op = next();
      let operator: Operator;
      if (isWord(op, 'in')) operator = 'in';
      else if (isWord(op, 'notin')) operator = 'notin';
      else if (op.kind === 'op' && ['=', '==', '!='].includes(op.text)) operator = op.text as Operator;
      else if (op.kind === 'op' && op.text === '>') operator = 'gt';
      else if (op.kind === 'op' && op.text === '<') operator = 'lt';
      else throw new Error(`found '${op.kind === 'id' ? op.text : op.kind === 'op' ? op.text : ''}', expected: in, notin, =, ==, !=, gt, lt`);
      const values: string[] = [];
      if (operator === 'in' || operator === 'notin') {
        const open = next();
        if (!(open.kind === 'op' && open.text === '(')) throw new Error("expected: '('");
        while (true) {
          const t = next();
          if (t.kind === 'id') values.push(t.text);
          else if (t.kind === 'op' && t.text === ',') {
            if (values.length === 0) values.push('');
            const n = peek();
            if (n.kind === 'op' && (n.text === ')' || n.text === ',')) values.push('');
            continue;
          } else if (t.kind === 'op' && t.text === ')') {
            if (values.length === 0) values.push('');
            break;
          } else throw new Error("found end of string, expected: ',', ')' or identifier");
          const n = peek();
          if (n.kind === 'op' && n.text === ',') continue;
          if (n.kind === 'op' && n.text === ')') {
            next();
            break;
          }
          throw new Error("expected: ',' or ')'");
        }
      } else {
        const t = peek();
        if (t.kind === 'end' || (t.kind === 'op' && t.text === ',')) values.push('');
        else if (t.kind === 'id') values.push((next() as { text: string }).text);
        else throw new Error(`found '${t.kind === 'op' ? t.text : ''}', expected: identifier`);
        if ((operator === 'gt' || operator === 'lt') && !/^[-+]?\d+$/.test(values[0])) {
          throw new Error(`for 'Gt', 'Lt' operators, the value must be an integer, got '${values[0]}'`);
        }
      }
      values.forEach(checkValue);
      requirements.push({ key, operator, values: [...new Set(values)] });
    }
    const sep = next();
    if (sep.kind === 'end') break;
    if (!(sep.kind === 'op' && sep.text === ',')) throw new Error("expected: ',' or 'end of string'");
    const n = peek();
    if (!(n.kind === 'id' || (n.kind === 'op' && n.text === '!'))) throw new Error("expected: identifier after ','");
  }
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

