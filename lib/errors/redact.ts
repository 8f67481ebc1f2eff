/**
 * `scheme://user:password@` anywhere in a text, also malformed (`postgres:/u:pw@h`) and with an `@`
 * in the password (up to the last `@` before the host); the password part is what we hide.
 */
const urlCredentials = /([a-z][a-z0-9+.-]*:\/*[^\s:/@"']*:)[^\s/"']*@/gi;
/** `password=...` in connection strings (SQL Server's `Password=...;`, libpq's `password=...`). */
const passwordSetting = /\b(password|pwd)=[^;&\s"']*/gi;

/** The text with every URL password (and connection-string password) replaced by `***`. */
export function redactSecrets(text: string): string {
  return text.replace(urlCredentials, '$1***@').replace(passwordSetting, '$1=***');
}
