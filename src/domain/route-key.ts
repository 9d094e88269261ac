/** A reviewer route's name as compared: case, spaces and punctuation ignored ("Micro app reviews" = "micro-app reviews"). */
export function routeKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
