/**
 * `user:password@` anywhere in a text, whatever comes before it: a URL
 * (`scheme://u:pw@h`), a malformed one (`postgres:/u:pw@h`, `postgres//u:pw@h`)
 * or none at all (`u:pw@host:5432/db`). The user starts after a boundary (start,
 * space, quote, `=`, `/`; `scheme:/` is no user); the password runs to the last `@` before a space,
 * so an `@` or `/` inside it is hidden too. The password part is what we hide.
 */
const urlCredentials = /(^|[\s"'=(/<,])([^\s:/@"'=(<,]*:)(?!\/)[^\s"']*@/gi;
/** `password=...` in connection strings (SQL Server's `Password=...;`, libpq's `password=...`). */
const passwordSetting = /\b(password|pwd)=[^;&\s"']*/gi;

/** The text with every URL password (and connection-string password) replaced by `***`. */
export function redactSecrets(text: string): string {
  return text.replace(urlCredentials, '$1$2***@').replace(passwordSetting, '$1=***');
}
