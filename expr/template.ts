/**
 * Templates: strings with `{{ expr }}` parts, templated JSON values, and
 * `when:` conditions. Split over three files; this is their one entry point.
 */
export { hasTemplate, parseTemplate, type TemplatePart } from './template-parse.js';
export { renderValue, templateRoots, type RootRef } from './template-render.js';
export { evaluateCondition, conditionRoots } from './condition.js';
