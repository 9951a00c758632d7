'use strict';
/**
 * One owner per collection: code in a domain lib (libs/<domain>/) may reach only its own models
 * and collections. Reported: `connection.model('<Name>')`, `connection.collection('<name>')`,
 * `@InjectModel(<Name>)` (a string, a constant or `<Class>.name`) and importing another domain
 * lib's schema file — when the model or collection belongs to another domain. A literal held in
 * a module constant (`const TASKS_COLLECTION = 'tasks'`) counts as the literal.
 *
 * Options: { owners: { <domain>: { models: string[], collections: string[] } },
 *            allow: [{ file: <path suffix>, target: <model or collection> }] }
 */
const path = require('path');

function domainOf(filename) {
  const match = /(?:^|[\\/])libs[\\/]([^\\/]+)[\\/]src[\\/]/.exec(filename);
  return match ? match[1] : null;
}

/** The string a node stands for: a literal, a template without expressions, a module constant, or `<Class>.name`. */
function staticName(node, scope) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  if (node.type === 'MemberExpression' && !node.computed && node.property.name === 'name' && node.object.type === 'Identifier') return node.object.name;
  if (node.type === 'Identifier') {
    for (let s = scope; s; s = s.upper) {
      const variable = s.set.get(node.name);
      if (!variable) continue;
      const def = variable.defs[0];
      if (def && def.type === 'Variable' && def.parent.kind === 'const') return staticName(def.node.init, s);
      return null;
    }
  }
  return null;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: "forbid reaching another domain's models or collections (one owner per collection)" },
    schema: [
      {
        type: 'object',
        properties: {
          owners: { type: 'object' },
          allow: { type: 'array', items: { type: 'object', properties: { file: { type: 'string' }, target: { type: 'string' } }, required: ['file', 'target'] } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      foreign: "{{kind}} '{{target}}' belongs to @app/{{owner}}; code in @app/{{domain}} must go through @app/{{owner}}'s service or repository",
      foreignSchema: "'{{source}}' is @app/{{owner}}'s schema file; code in @app/{{domain}} must not import another domain's schema",
    },
  },
  create(context) {
    const { owners = {}, allow = [] } = context.options[0] || {};
    const filename = context.filename.split(path.sep).join('/');
    const domain = domainOf(filename);
    if (!domain || !owners[domain]) return {};
    const ownerOf = (kind, name) => Object.keys(owners).find((d) => (owners[d][kind] || []).includes(name)) || null;
    const allowed = (target) => allow.some((entry) => filename.endsWith(entry.file) && entry.target === target);
    const check = (node, kind, target) => {
      if (!target) return;
      const owner = ownerOf(kind === 'collection' ? 'collections' : 'models', target);
      if (!owner || owner === domain || allowed(target)) return;
      context.report({ node, messageId: 'foreign', data: { kind, target, owner, domain } });
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed || node.arguments.length === 0) return;
        const method = callee.property.name;
        if (method !== 'model' && method !== 'collection') return;
        check(node, method, staticName(node.arguments[0], context.sourceCode.getScope(node)));
      },
      Decorator(node) {
        const call = node.expression;
        if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.callee.name !== 'InjectModel') return;
        check(node, 'model', staticName(call.arguments[0], context.sourceCode.getScope(node)));
      },
      ImportDeclaration(node) {
        const source = String(node.source.value);
        if (!/\.schema$/.test(source)) return;
        const resolved = source.startsWith('.') ? path.posix.join(path.posix.dirname(filename), source) : source;
        const match = /(?:libs\/|@app\/)([^/]+)\//.exec(resolved);
        const owner = match && match[1];
        if (!owner || owner === domain || !owners[owner] || allowed(source)) return;
        context.report({ node, messageId: 'foreignSchema', data: { source, owner, domain } });
      },
    };
  },
};
