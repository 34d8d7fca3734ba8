import { NON_EXPRESSION_MACROS } from '../macro-vocabulary.js';
import type { PlainNode } from './plain-tree.js';
import type { StartupCall, StaticTouch, TouchKind } from './fact-types.js';
import { endsWithError, isErrorPattern, isFixedIteration, isSuccessPattern, letPatternOf } from './control-flow.js';
import { chainRoot, typeHintOf, valueHintOf } from './type-hints.js';
import { pathOf, staticPathOf } from './rust-paths.js';

/** Where the calls and touches of one function body go. */
export interface BodySink {
  readonly calls: StartupCall[];
  readonly statics: StaticTouch[];
  /** Locals and parameters whose type is known from a declaration or a constructor call. */
  readonly bindings: Map<string, string>;
  /** Every name a pattern binds: a call of one (`let f = || ..; f()`) is a closure or fn pointer, not a path. */
  readonly locals: Set<string>;
}

/** A macro invocation inside a body, whose token tree is re-parsed later as expressions. */
export interface PendingMacro {
  readonly tokenTree: PlainNode;
  /** The text `tokenTree`'s offsets refer to (the file, or a batch of re-parsed macro arguments). */
  readonly text: string;
  readonly lineAt: (row: number) => number;
  readonly conditional: boolean;
  /** Inside error handling (see walkBody). */
  readonly errorPath: boolean;
  readonly sink: BodySink;
}

export interface BodyWalk {
  readonly text: string;
  readonly lineAt: (row: number) => number;
  readonly sink: BodySink;
  readonly macros: PendingMacro[];
  /** Items nested in the body (`fn`, `impl`, `mod`, `trait`), read as items of their own. */
  readonly items: PlainNode[];
}

/** Items inside a body, read as items of the enclosing module (a `use` in a function is visible there, approximately). */
const NESTED_ITEMS = new Set(['function_item', 'impl_item', 'mod_item', 'trait_item', 'macro_definition', 'use_declaration']);
const SKIPPED = new Set([
  'line_comment',
  'block_comment',
  'attribute_item',
  'inner_attribute_item',
  'struct_item',
  'enum_item',
  'union_item',
  'type_item',
  'const_item',
  'static_item',
  'extern_crate_declaration',
]);
const LAZY_TYPES = new Set(['Lazy', 'LazyLock', 'LazyCell']);
const LABEL_METHODS = new Set(['with_label_values', 'get_metric_with_label_values', 'with', 'get_metric_with', 'get_or_create']);

/** Methods whose function argument runs only on the error (or missing-value) path. */
const ERROR_HANDLERS = new Set(['map_err', 'or_else', 'unwrap_or_else', 'inspect_err']);
/** A statement that only ends by `break`: what follows it runs when the loop is left, not on the way in. */
function isEndlessLoop(statement: PlainNode): boolean {
  if (statement.type === 'loop_expression') return true;
  if (statement.type === 'expression_statement') return statement.namedChild(0)?.type === 'loop_expression';
  if (statement.type === 'let_declaration') return statement.childForFieldName('value')?.type === 'loop_expression';
  return false;
}

/** Records the names a pattern binds (`x`, `(a, mut b)`, `Some(c)`, `S { d, .. }`). */
export function bindPattern(pattern: PlainNode | null, sink: BodySink): void {
  if (pattern === null) return;
  const candidates = [pattern, ...pattern.descendantsOfType(['identifier', 'shorthand_field_identifier'])];
  for (const node of candidates) {
    if (node.type !== 'identifier' && node.type !== 'shorthand_field_identifier') continue;
    // `Some(x)`, `Kind::A`: constructor and path parts are not bindings.
    if (/^[A-Z]/.test(node.text) || node.parent?.type === 'scoped_identifier') continue;
    sink.locals.add(node.text);
  }
}

export function newSink(): BodySink {
  return { calls: [], statics: [], bindings: new Map(), locals: new Set() };
}

function firstArgument(call: PlainNode): PlainNode | null {
  const args = call.childForFieldName('arguments');
  const first = args?.namedChildren.find((c) => c.type !== 'line_comment' && c.type !== 'block_comment') ?? null;
  if (first === null) return null;
  return first.type === 'reference_expression' ? first.childForFieldName('value') : first;
}

/** `lazy_static::initialize(&X)`, `Lazy::force(&X)`, `Deref::deref(&X)`: a touch by a function call. */
function touchByCall(path: readonly string[]): TouchKind | null {
  const last = path[path.length - 1];
  const qualifier = path[path.length - 2];
  if (last === 'initialize' && (qualifier === undefined || qualifier === 'lazy_static')) return 'initialize';
  if (last === 'force' && qualifier !== undefined && LAZY_TYPES.has(qualifier)) return 'force';
  if (last === 'deref' && qualifier === 'Deref') return 'deref';
  return null;
}

function touchByMethod(method: string): TouchKind {
  if (method === 'deref') return 'deref';
  if (method === 'get_or_init' || method === 'get_or_try_init') return 'get-or-init';
  if (method === 'force') return 'force';
  return 'use';
}

/**
 * Where a node sits: `conditional` marks what may not run when the function runs (branches of
 * `if`/`match`, bodies of `while`/`loop`, closures and async blocks); `errorPath` marks error handling
 * (`Err(..)` arms and `if let Err(..)`, an `if`/`else` branch or `let .. else` that ends by returning
 * an error, functions given to `map_err`, `or_else`, `unwrap_or_else`, `inspect_err`).
 */
export interface Flow {
  readonly conditional: boolean;
  readonly errorPath: boolean;
}

/**
 * Records the calls and static touches under `root`. A `for` body counts as run when the loop goes
 * over a fixed list: pre-creating label values loops over one.
 */
export function walkBody(root: PlainNode, flow: Flow, walk: BodyWalk): void {
  const stack: [PlainNode, boolean, boolean][] = [[root, flow.conditional, flow.errorPath]];
  const push = (node: PlainNode | null, cond: boolean, err: boolean): void => {
    if (node !== null) stack.push([node, cond, err]);
  };
  const pushChildren = (node: PlainNode, cond: boolean, err: boolean): void => {
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) push(children[i] as PlainNode, cond, err);
  };
  const line = (node: PlainNode): number => walk.lineAt(node.row);
  const touch = (path: readonly string[], how: TouchKind, labelValues: boolean, node: PlainNode, cond: boolean, err: boolean): void => {
    walk.sink.statics.push({ path, how, labelValues, line: line(node), conditional: cond, errorPath: err });
  };

  while (stack.length > 0) {
    const [node, cond, err] = stack.pop() as [PlainNode, boolean, boolean];
    const type = node.type;
    if (SKIPPED.has(type)) continue;
    if (NESTED_ITEMS.has(type)) {
      walk.items.push(node);
      continue;
    }
    switch (type) {
      case 'identifier':
      case 'scoped_identifier': {
        const path = staticPathOf(node);
        if (path !== null) touch(path, 'use', false, node, cond, err);
        else if (node.parent?.type === 'arguments') readFunctionReference(node, err);
        continue;
      }
      case 'call_expression': {
        readCall(node, cond, err);
        continue;
      }
      case 'unary_expression': {
        const operand = node.namedChild(0);
        const path = node.firstChild?.type === '*' && operand !== null ? staticPathOf(operand) : null;
        if (path !== null) touch(path, 'deref', false, node, cond, err);
        else pushChildren(node, cond, err);
        continue;
      }
      case 'macro_invocation': {
        const name = node.childForFieldName('macro');
        const last = name === null ? '' : (pathOf(name) ?? []).slice(-1)[0] ?? '';
        const tree = node.lastChild;
        if (!NON_EXPRESSION_MACROS.has(last) && tree !== null && tree.type === 'token_tree') {
          walk.macros.push({ tokenTree: tree, text: walk.text, lineAt: walk.lineAt, conditional: cond, errorPath: err, sink: walk.sink });
        }
        continue;
      }
      case 'if_expression': {
        const condition = node.childForFieldName('condition');
        const pattern = letPatternOf(condition);
        const alternative = node.childForFieldName('alternative');
        const consequence = node.childForFieldName('consequence');
        push(alternative, true, err || endsWithError(alternative));
        push(consequence, true, err || isErrorPattern(pattern) || endsWithError(consequence));
        push(condition, cond, err);
        continue;
      }
      case 'match_expression':
        push(node.childForFieldName('body'), true, err);
        push(node.childForFieldName('value'), cond, err);
        continue;
      case 'while_expression':
        push(node.childForFieldName('body'), true, err);
        push(node.childForFieldName('condition'), cond, err);
        continue;
      case 'loop_expression':
        push(node.childForFieldName('body'), true, err);
        continue;
      case 'for_expression': {
        const value = node.childForFieldName('value');
        bindPattern(node.childForFieldName('pattern'), walk.sink);
        push(node.childForFieldName('body'), cond || !isFixedIteration(value), err);
        push(value, cond, err);
        continue;
      }
      case 'closure_expression':
        bindPattern(node.childForFieldName('parameters'), walk.sink);
        push(node.childForFieldName('body'), true, err);
        continue;
      case 'async_block':
        pushChildren(node, true, err);
        continue;
      case 'let_declaration': {
        const pattern = node.childForFieldName('pattern');
        const value = node.childForFieldName('value');
        bindPattern(pattern, walk.sink);
        if (pattern?.type === 'identifier') {
          const hint = typeHintOf(node.childForFieldName('type')) ?? valueHintOf(value, walk.sink.bindings);
          if (hint !== null) walk.sink.bindings.set(pattern.text, hint);
          else walk.sink.bindings.delete(pattern.text);
        }
        const alternative = node.childForFieldName('alternative');
        push(alternative, true, err || (isSuccessPattern(pattern) && endsWithError(alternative)));
        push(value, cond, err);
        continue;
      }
      case 'block': {
        const statements = node.namedChildren;
        let after = cond;
        const conds = statements.map((statement) => {
          const mine = after;
          if (isEndlessLoop(statement)) after = true;
          return mine;
        });
        for (let i = statements.length - 1; i >= 0; i--) push(statements[i] as PlainNode, conds[i] as boolean, err);
        continue;
      }
      case 'let_condition':
        bindPattern(node.childForFieldName('pattern'), walk.sink);
        push(node.childForFieldName('value'), cond, err);
        continue;
      case 'match_arm': {
        const pattern = node.childForFieldName('pattern');
        bindPattern(pattern, walk.sink);
        // The arm's pattern node is `match_pattern` (pattern plus guard); its first child is the pattern.
        const matched = pattern?.type === 'match_pattern' ? pattern.namedChild(0) : pattern;
        push(node.childForFieldName('value'), cond, err || isErrorPattern(matched));
        continue;
      }
      case 'binary_expression': {
        const operator = node.childForFieldName('operator')?.type;
        const lazy = operator === '&&' || operator === '||';
        push(node.childForFieldName('right'), cond || lazy, err);
        push(node.childForFieldName('left'), cond, err);
        continue;
      }
      case 'field_expression':
        push(node.childForFieldName('value'), cond, err);
        continue;
      case 'generic_function':
      case 'type_arguments':
        continue;
      default:
        pushChildren(node, cond, err);
    }
  }

  /** `tokio::spawn(run)`, `.map(handle)`: a function passed by name may run wherever the callee calls it. */
  function readFunctionReference(node: PlainNode, err: boolean): void {
    const path = pathOf(node);
    const last = path?.[path.length - 1];
    if (path === null || last === undefined || !/^[a-z_]/.test(last) || (path.length === 1 && walk.sink.locals.has(last))) return;
    walk.sink.calls.push({ kind: 'path', path, line: line(node), conditional: true, errorPath: err, reference: true });
  }

  /** `x.map_err(on_error)`: a function named as a handler runs on the error path. */
  function readHandlerArguments(args: PlainNode | null, cond: boolean): void {
    for (const arg of args?.namedChildren ?? []) {
      const path = arg.type === 'identifier' || arg.type === 'scoped_identifier' ? pathOf(arg) : null;
      const last = path?.[path.length - 1];
      if (path !== null && last !== undefined && /^[a-z_]/.test(last) && !walk.sink.locals.has(last)) {
        walk.sink.calls.push({ kind: 'path', path, line: line(arg), conditional: true, errorPath: true, reference: true });
      } else push(arg, cond, true);
    }
  }

  function readCall(node: PlainNode, cond: boolean, err: boolean): void {
    const args = node.childForFieldName('arguments');
    let fn = node.childForFieldName('function');
    if (fn !== null && fn.type === 'generic_function' && fn.childForFieldName('function')?.type === 'field_expression') {
      fn = fn.childForFieldName('function');
    }
    if (fn === null) {
      push(args, cond, err);
      return;
    }
    if (fn.type === 'field_expression') {
      const method = fn.childForFieldName('field')?.text ?? '';
      const receiver = fn.childForFieldName('value');
      const receiverStatic = receiver === null ? null : staticPathOf(receiver);
      if (receiverStatic !== null) touch(receiverStatic, touchByMethod(method), LABEL_METHODS.has(method), node, cond, err);
      if (receiverStatic === null && LABEL_METHODS.has(method)) {
        // `X.get().unwrap().with_label_values(..)`, `METRICS.requests.with_label_values(..)`: the chain starts at a static.
        const root = chainRoot(receiver);
        if (root !== null) touch(root, 'use', true, node, cond, err);
      }
      const receiverType = receiver?.type === 'self' ? 'Self' : valueHintOf(receiver, walk.sink.bindings);
      walk.sink.calls.push({ kind: 'method', method, receiverType, line: line(fn.childForFieldName('field') ?? node), conditional: cond, errorPath: err });
      if (ERROR_HANDLERS.has(method)) readHandlerArguments(args, cond);
      else push(args, cond, err);
      if (receiverStatic === null) push(receiver, cond, err);
      return;
    }
    const path = pathOf(fn);
    if (path === null) {
      push(args, cond, err);
      push(fn, cond, err);
      return;
    }
    const how = touchByCall(path);
    const target = how === null ? null : firstArgument(node);
    const touched = target === null ? null : staticPathOf(target);
    if (how !== null && touched !== null) {
      touch(touched, how, false, node, cond, err);
      return;
    }
    // `Ok(..)`, `Some(..)`, `Wrapper(..)`: tuple struct and variant constructors, not functions.
    if (!(path.length === 1 && /^[A-Z]/.test(path[0] as string))) walk.sink.calls.push({ kind: 'path', path, line: line(node), conditional: cond, errorPath: err, reference: false });
    push(args, cond, err);
  }
}
