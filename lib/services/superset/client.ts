import { ServiceError } from '../../errors';

/** Thrown when Superset refuses the login; the bootstrap then resets the admin's password. */
export class LoginRefused extends Error {}

/**
 * Superset's REST API as the admin: a JWT for reads, plus the CSRF token and
 * session cookie that Superset requires on writes such as imports.
 */
export class SupersetClient {
  private csrf?: { token: string; cookie: string };

  private constructor(readonly baseUrl: string, private readonly accessToken: string) {}

  static async login(baseUrl: string, username: string, password: string): Promise<SupersetClient> {
    const response = await fetch(`${baseUrl}/api/v1/security/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password, provider: 'db', refresh: false }),
    });
    if (response.status === 401) throw new LoginRefused(`Superset refused the login of ${username}`);
    const body = await readJson(response, 'POST /api/v1/security/login');
    return new SupersetClient(baseUrl, (body as { access_token: string }).access_token);
  }

  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    const response = await fetch(this.baseUrl + path, { headers: { Authorization: `Bearer ${this.accessToken}` } });
    return (await readJson(response, `GET ${path}`)) as T;
  }

  async postForm<T = Record<string, unknown>>(path: string, form: FormData): Promise<T> {
    const csrf = await this.csrfToken();
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.accessToken}`, 'X-CSRFToken': csrf.token, Cookie: csrf.cookie, Referer: this.baseUrl },
      body: form,
    });
    return (await readJson(response, `POST ${path}`)) as T;
  }

  /** Every object of a kind (chart, dataset, dashboard, database), up to 1000. */
  async list<T = Record<string, unknown>>(resource: string, columns: string[]): Promise<{ count: number; result: T[] }> {
    return this.get(`/api/v1/${resource}/?q=(columns:!(${columns.join(',')}),page_size:1000)`);
  }

  private async csrfToken(): Promise<{ token: string; cookie: string }> {
    if (this.csrf) return this.csrf;
    const response = await fetch(`${this.baseUrl}/api/v1/security/csrf_token/`, { headers: { Authorization: `Bearer ${this.accessToken}` } });
    const body = (await readJson(response, 'GET /api/v1/security/csrf_token/')) as { result: string };
    const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
    this.csrf = { token: body.result, cookie };
    return this.csrf;
  }
}

async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) {
    throw new ServiceError(`Superset answered ${what} with HTTP ${response.status}: ${text.slice(0, 600)}`, {
      code: 'SUPERSET_API_FAILED', retriable: false,
      hint: 'See the Superset log under DATA_DIR/services/superset/superset.log (native) or `docker logs iot-superset`.',
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError(`Superset answered ${what} with something other than JSON: ${text.slice(0, 200)}`, { code: 'SUPERSET_API_FAILED', retriable: false });
  }
}
