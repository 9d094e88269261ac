/** A role id as a label: "fallback-reviewer" → "Fallback reviewer". */
export function roleLabel(role: string): string {
  const words = role.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
