/** A path glob (`*` within a segment, `**` across segments, `?`, `{a,b}`) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        pattern += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else pattern += '[^/]*';
    } else if (c === '?') pattern += '[^/]';
    else if (c === '{') pattern += '(?:';
    else if (c === '}') pattern += ')';
    else if (c === ',') pattern += '|';
    else pattern += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/** A bare directory (`crates/ingester`) matches everything under it, as users expect from a path argument. */
export function pathMatcher(glob: string): (path: string) => boolean {
  const cleaned = glob.replace(/^\.\//, '').replace(/\/$/, '');
  const regex = globToRegExp(cleaned);
  return (path) => regex.test(path) || path.startsWith(`${cleaned}/`);
}
