/** The connection string as it may appear in logs and errors: the password replaced by `***`. */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL (e.g. a key=value string): hide anything that looks like a password.
    return url
      .replace(/(password\s*=\s*)\S+/gi, '$1***')
      .replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}
