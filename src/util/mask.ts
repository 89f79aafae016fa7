/**
 * No password reaches any output: every URL pgready prints or writes goes through `maskUrl`, and every
 * text on its way out (reports, errors, logs) through `maskSecretsInText`.
 */

/** Replaces the password of a PostgreSQL URL (and any `password=` parameter) with `***`. */
export function maskUrl(url: string): string {
  let masked = url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
    }
    masked = parsed.toString();
  } catch {
    // Not a URL we can parse: fall back to pattern masking below.
  }
  return maskSecretsInText(masked);
}

/** Masks anything that looks like a credential inside free text (error messages, logs). */
export function maskSecretsInText(text: string): string {
  return (
    text
      .replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@')
      // In a URL's query string `&` ends the value; in a libpq keyword string only a space does (or
      // the closing quote of a quoted value), so a password may well start with `&`.
      .replace(/([?&]password=)[^&\s#]*/gi, '$1***')
      .replace(/(^|[^?&\w])(password\s*=\s*)('(?:\\.|[^'\\])*'|[^\s]+)/gi, '$1$2***')
  );
}
