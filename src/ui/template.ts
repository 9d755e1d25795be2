import type { Child } from 'hono/jsx';

/**
 * Fills `{name}` placeholders of a localized template with page parts rather than text, so a name can
 * go in isolated: `fillParts(t.footerCopyright, { name: <bdi>{edition.name}</bdi> })`. Text around the
 * placeholders stays text (escaped as usual); an unknown placeholder is left as written.
 */
export function fillParts(template: string, values: Record<string, Child>): Child[] {
  return template.split(/(\{\w+\})/).map((part) => {
    const key = /^\{(\w+)\}$/.exec(part)?.[1];
    return key !== undefined && key in values ? values[key] : part;
  });
}
