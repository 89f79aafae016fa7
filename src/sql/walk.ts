/**
 * A walk over the parser's tree (plain JSON: every node is `{ Kind: {...fields} }`), calling
 * `visit(kind, node)` for each typed node, parents before children. Readers of the tree (the
 * guard, parameter inference, index candidates) look for the kinds they need and ignore the rest.
 */

export type AstNode = Record<string, unknown>;

/** Calls `visit` for every typed node under `value`; returning `false` skips that node's children. */
export function walkAst(value: unknown, visit: (kind: string, node: AstNode) => boolean | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) walkAst(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as AstNode)) {
    if (isKind(key) && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      if (visit(key, child as AstNode) === false) continue;
    }
    walkAst(child, visit);
  }
}

/** Node kinds are CamelCase (`SelectStmt`, `A_Expr`, `ParamRef`); fields are snake or lower case. */
function isKind(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 65 && first <= 90;
}

/** Every node of one kind under `value`, in tree order. */
export function findAll(value: unknown, kind: string): AstNode[] {
  const found: AstNode[] = [];
  walkAst(value, (k, node) => {
    if (k === kind) found.push(node);
    return undefined;
  });
  return found;
}
