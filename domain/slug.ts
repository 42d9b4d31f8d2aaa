// The identifier a title or a label gives (« Accès aux droits » → acces-aux-droits): step keys, theme
// keys, group and body keys are all made this way.
export function slugOf(text: string, maxLength = 40): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}
